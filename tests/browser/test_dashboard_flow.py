"""A politician opens the dashboard, first picks the years in the wrong order (an error at the
field), then chooses the focus area "Trygghet" and a year, reads the
figures and the table, drills down to the grants behind a figure and exports a CSV; every
page passes axe (WCAG 2.1 AA)."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_politician_reads_drills_down_and_exports(page, demo, accessible):
    year = str(timezone.localdate().year)
    login(page, "politiker.nacka@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.get_by_role("link", name="översikt för Nacka kommun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samverkan i Nacka kommun")
    accessible(page)

    # Years in the wrong order: the error shows at the field, and the page stays accessible.
    page.get_by_label("Från år", exact=True).select_option(year)
    page.get_by_label("Till år", exact=True).select_option(str(int(year) - 1))
    page.get_by_role("button", name="Visa", exact=True).click()
    to_year = page.get_by_label("Till år", exact=True)
    expect(to_year).to_have_attribute("aria-invalid", "true")
    expect(to_year).to_have_accessible_description("Det sista året får inte komma före det första.")
    expect(page.get_by_text("Det sista året får inte komma före det första.")).to_be_visible()
    accessible(page)

    page.get_by_label("Fokusområde", exact=True).select_option(label="Trygghet")
    page.get_by_label("Från år", exact=True).select_option(year)
    page.get_by_label("Till år", exact=True).select_option(year)
    page.get_by_role("button", name="Visa", exact=True).click()
    summary = page.get_by_role("table", name="Sammanfattning")
    expect(summary.get_by_role("row", name="Ansökningar")).to_contain_text("1")
    expect(summary.get_by_role("row", name="Beviljat (kr)")).to_contain_text("8 000")
    expect(summary.get_by_role("row", name="Utbetalt (kr)")).to_contain_text("8 000")
    focus = page.get_by_role("table", name="Bidrag per fokusområde")
    expect(focus.get_by_role("row", name="Trygghet")).to_be_visible()
    participants = page.get_by_role("table", name="Deltagare efter ålder och kön (återrapporter)")
    expect(participants.get_by_role("row", name="7–12 år")).to_contain_text("21")
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner ”Sammanfattning” som CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text), delimiter=";") if row}
    assert rows["Kommun"] == ["Nacka kommun"]  # the file says what it covers
    assert rows["Fokusområde"] == ["Trygghet"]
    assert rows["Ansökningar"][0] == "1"
    assert rows["Beviljat (kr)"][0] == "8000,00"  # as Swedish Excel reads a number
    assert download.value.suggested_filename.startswith(f"samverkan-nacka-sammanfattning-{year}")

    page.get_by_text("Bidragen bakom en rad:").first.get_by_role("link", name="Trygghet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslutade bidrag i Nacka kommun")
    grants = page.get_by_role("table")
    expect(grants.get_by_role("row", name="Fisksätra IF")).to_contain_text("8 000")
    expect(grants.locator("tbody tr")).to_have_count(1)
    accessible(page)

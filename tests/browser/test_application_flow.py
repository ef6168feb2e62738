"""An association member finds an open call, fills a projektbidrag application over two
visits, attaches a file, submits and sees the diarienummer and the receipt."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants.form_builder import COST_ROWS
from grants.models import Application
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def visit(browser, live_server):
    page = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    login(page, "forening@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    return page


def test_projektbidrag_over_two_visits(browser, live_server, demo, accessible):
    page = visit(browser, live_server)
    page.get_by_role("link", name="Bidrag", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Projektbidrag för inkludering, hösten").click()
    accessible(page)
    page.get_by_role("button", name="Ansök för Fisksätra IF").click()
    page.locator("#id_q_syfte").fill("Fler tjejer i Fisksätra ska börja spela fotboll.")
    page.locator("#id_q_mal").fill("30 nya deltagare till våren.")
    accessible(page)
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status").first).to_contain_text("Utkastet har sparats")
    page.context.close()

    page = visit(browser, live_server)  # the second visit, a new session
    page.get_by_role("link", name="Mina ansökningar").click()
    accessible(page)
    page.get_by_role("link", name="Projektbidrag för inkludering, hösten").click()
    expect(page.locator("#id_q_syfte")).to_have_value(
        "Fler tjejer i Fisksätra ska börja spela fotboll."
    )
    page.locator("#id_q_plan").fill("Träning varje lördag från januari.")
    page.locator("#id_q_start").fill("2027-01-15")
    page.locator("#id_q_budget_0").fill("Tränararvoden")
    page.locator("#id_q_budget_1").fill("30000")
    page.locator("#id_q_budget_2").fill("Bollar och västar")
    page.locator("#id_q_budget_3").fill("5000")
    page.locator(f"#id_q_budget_{2 * COST_ROWS}").fill("5000")  # own funding
    page.locator("#id_q_deltagare_3").fill("20")  # girls 7–12
    page.locator("#id_q_deltagare_6").fill("10")  # girls 13–20
    page.locator("#id_q_bilaga").set_input_files(
        {"name": "projektplan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Skicka in ansökan").click()

    # The amount question was left empty: the form says so and keeps everything typed.
    expect(page.get_by_role("alert").first).to_contain_text("Sökt belopp")
    expect(page.locator("#id_q_plan")).to_have_value("Träning varje lördag från januari.")
    expect(page.get_by_text("projektplan.pdf")).to_be_visible()  # the file was kept too
    accessible(page)
    page.locator("#id_q_belopp").fill("30000")
    page.get_by_role("button", name="Skicka in ansökan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan har skickats in")
    submitted = Application.objects.get(
        organisation__name="Fisksätra IF", call__title="Projektbidrag för inkludering, hösten"
    )
    number = submitted.diarienummer  # the committee's next number this year
    assert re.fullmatch(rf"KFN {timezone.localdate().year}/\d+", number)
    expect(page.get_by_test_id("diarienummer")).to_have_text(number)
    accessible(page)
    page.get_by_role("link", name="Följ ansökan").click()
    expect(page.get_by_test_id("diarienummer")).to_have_text(number)
    expect(page.get_by_role("list").filter(has_text="Inskickad").first).to_be_visible()
    accessible(page)
    page.context.close()


def test_text_typed_when_the_session_expired_can_be_put_back(
    browser, live_server, demo, accessible
):
    page = visit(browser, live_server)
    page.goto("/bidrag/")
    page.get_by_role("link", name="Projektbidrag för inkludering, hösten").click()
    page.get_by_role("button", name="Ansök för Fisksätra IF").click()
    page.locator("#id_q_syfte").fill("Text skriven precis innan utloggningen.")
    page.context.clear_cookies(name="sessionid")  # the session expires while typing
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_url("**/konto/login/**")
    login(page, "forening@example.se", DEMO_PASSWORD)
    page.goto("/bidrag/ansokningar/")
    page.get_by_role("link", name="Projektbidrag för inkludering, hösten").click()
    expect(page.locator("#id_q_syfte")).to_have_value("")
    accessible(page)
    page.get_by_role("button", name="Lägg tillbaka texten som inte sparades").click()
    expect(page.locator("#id_q_syfte")).to_have_value("Text skriven precis innan utloggningen.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator("#id_q_syfte")).to_have_value("Text skriven precis innan utloggningen.")
    expect(page.locator("#restore-banner")).to_be_hidden()
    page.context.close()

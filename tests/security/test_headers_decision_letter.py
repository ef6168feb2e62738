"""The decision letter keeps its look under the strict CSP: in the browser its styles come
from a static file (no inline <style>), and the PDF is still made with the same styles."""

import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from grants import letters
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, submitted
from tests.security.inline_code import inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=60)
    application = submitted(CallFactory(programme=programme, budget=100000), amount="20000")
    decide(
        application, world.users["officer_x"], amount="15000", decided_by_kind="committee",
        minutes_paragraph="§ 45", minutes_approved_on=date(2026, 11, 2),
        announced_on=date(2026, 11, 3),
    )  # fmt: skip
    return application


def pdf_font_names(pdf: bytes) -> set[bytes]:
    """The fonts embedded in the PDF (their names sit in compressed object streams)."""
    unpacked = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            unpacked.append(zlib.decompressobj().decompress(pdf[start.end() :]))
        except zlib.error:
            continue
    names = re.findall(rb"/FontName\s*/[A-Z]{6}\+([\w-]+)", b"\n".join(unpacked))
    return set(names)


def test_letter_page_links_its_stylesheet_and_has_no_inline_code(client, world, decided):
    client.force_login(world.users["officer_x"])
    response = client.get(reverse("admin:grants_application_letter", args=[decided.pk]))
    html = response.content.decode()
    assert inline_code(html) == []
    assert '<link rel="stylesheet" href="/static/css/letter.css">' in html
    assert response["Content-Security-Policy"]
    css = client.get("/static/css/letter.css")
    assert css.status_code == 200
    assert b"@page" in b"".join(css.streaming_content)


def test_pdf_is_made_with_the_letter_stylesheet(decided):
    """The stylesheet sets DejaVu Sans; without it WeasyPrint would use a serif font."""
    stylesheet = finders.find(letters.LETTER_CSS)
    assert stylesheet
    assert "DejaVu Sans" in Path(stylesheet).read_text(encoding="utf-8")
    html = letters.decision_letter_html(decided, for_pdf=True)
    assert "<link" not in html
    assert "<style" not in html

    fonts = pdf_font_names(letters.decision_letter_pdf(decided))
    assert b"DejaVu-Sans" in fonts
    assert b"DejaVu-Serif" not in fonts

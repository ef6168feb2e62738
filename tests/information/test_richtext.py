"""The rich text is sanitised when stored and when shown: no scripts, no event attributes,
no javascript: links; links get rel=noopener; headings fit the page (h2–h4, moved down
inside a section)."""

import pytest

from information import richtext
from information.models import Page
from tests.information.helpers import policy

HOSTILE = (
    '<h1>Rubrik</h1><p onclick="steal()">Text <a href="javascript:alert(1)">klick</a> '
    '<a href="https://nacka.se" target="_blank" onmouseover="x()">Nacka</a></p>'
    "<script>alert(1)</script><img src=x onerror=alert(1)><style>body{}</style>"
    '<iframe src="https://evil.example"></iframe><h6>Liten</h6>'
)


def test_clean_removes_scripts_events_and_javascript_links():
    cleaned = richtext.clean(HOSTILE)
    for bad in ("<script", "onclick", "onmouseover", "javascript:", "<img", "onerror", "<style",
                "<iframe", "target=", "<h1", "<h6"):  # fmt: skip
        assert bad not in cleaned, bad
    assert '<a href="https://nacka.se" rel="noopener noreferrer">Nacka</a>' in cleaned
    assert "<h2>Rubrik</h2>" in cleaned
    assert "<h4>Liten</h4>" in cleaned
    assert "Text" in cleaned
    assert "klick" in cleaned


def test_empty_editor_document_is_empty():
    assert richtext.clean("<p></p>") == ""
    assert richtext.clean("  <p><br></p> ") == ""


def test_render_moves_headings_down_inside_a_section():
    assert str(richtext.render("<h2>A</h2><h3>B</h3>", top=4)) == "<h4>A</h4><h5>B</h5>"
    assert str(richtext.render("<h2>A</h2>")) == "<h2>A</h2>"


def test_plain_text_of_rich_text():
    assert richtext.plain("<h2>A &amp; B</h2><p>c<br>d</p>") == "A & B c d"


@pytest.mark.django_db
def test_stored_page_is_sanitised(info):
    page = policy(info, body_sv=HOSTILE, body_en='<p><a href="javascript:x()">x</a></p>')
    page.refresh_from_db()
    assert "<script" not in page.body_sv
    assert "onclick" not in page.body_sv
    assert "javascript:" not in page.body_en
    assert Page.objects.filter(body_sv__contains="alert(1)").count() == 0


@pytest.mark.django_db
def test_public_page_shows_sanitised_html_even_if_stored_raw(client, info):
    page = policy(info)
    Page.objects.filter(pk=page.pk).update(body_sv=HOSTILE, status="published")  # bypassing
    response = client.get(f"/information/{info.x.slug}/sidor/policy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "onclick=" not in html
    assert "javascript:alert" not in html

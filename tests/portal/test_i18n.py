"""Swedish by default, English under /en/, and complete catalogues."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.django_db
def test_start_page_is_swedish_by_default(client):
    response = client.get("/")
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Samverkan mellan kommun och civilsamhälle" in content
    assert "Hoppa till huvudinnehållet" in content


@pytest.mark.django_db
def test_english_under_en_prefix(client):
    content = client.get("/en/").content.decode()
    assert '<html lang="en">' in content
    assert "Collaboration between municipality and civil society" in content


@pytest.mark.django_db
def test_urls_are_translated(client):
    assert reverse("portal:accessibility") == "/tillganglighet/"
    assert client.get("/en/accessibility/").status_code == 200
    assert "Accessibility statement" in client.get("/en/accessibility/").content.decode()


@pytest.mark.django_db
def test_language_switch_sets_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/tillganglighet/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/en/accessibility/"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "link", "code", "name"),
    [
        ("/tillganglighet/", "/en/accessibility/", "en", "English"),
        ("/en/accessibility/", "/tillganglighet/", "sv", "Svenska"),
        ("/foreningar/?q=idrott", "/en/organisations/?q=idrott", "en", "English"),
    ],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(
    client, page, link, code, name
):
    html = client.get(page).content.decode()
    assert f'<a href="{link}" hreflang="{code}" lang="{code}">{name}</a>' in html
    label = "Language" if page.startswith("/en/") else "Språk"
    assert f'<ul class="language-switch list-inline mb-0" aria-label="{label}">' in html
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_is_complete(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalogue = read_po(f)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_admin_is_swedish(client, world):
    client.force_login(world.users["superuser"])
    content = client.get(reverse("admin:index")).content.decode()
    assert "Samverkan – administration" in content
    assert "Kommuner" in content

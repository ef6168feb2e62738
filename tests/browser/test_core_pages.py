"""The core pages in a real browser: content, keyboard use and zero axe violations."""

import re

import pytest

from devtools.demo_data import DEMO_PASSWORD
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


PUBLIC_PAGES = [
    ("/", "Samverkan mellan kommun och civilsamhälle"),
    ("/en/", "Collaboration between municipality and civil society"),
    ("/tillganglighet/", "Tillgänglighetsredogörelse"),
    ("/personuppgifter/", "Behandling av personuppgifter"),
    ("/kommun/nacka/", "Nacka kommun"),
    ("/bidrag/", "Öppna utlysningar av bidrag"),
    ("/foreningar/", "Föreningskatalog"),
    ("/konto/login/", "Logga in"),
    ("/konto/signup/", "Skapa konto"),
    ("/admin/login/", "Samverkan – administration"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_is_accessible(page, demo, accessible, path, heading):
    response = page.goto(path)
    assert response.status == 200
    assert heading in page.content()
    accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_by_keyboard(page, demo):
    page.goto("/tillganglighet/")
    english = page.get_by_role("link", name="English")
    assert english.get_attribute("lang") == "en"
    english.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/accessibility/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    page.get_by_role("link", name="Svenska").press("Enter")  # and back, same page
    page.wait_for_url("**/tillganglighet/")
    assert page.locator("html").get_attribute("lang") == "sv"


def test_footer_links_accessibility_statement_from_every_page(page, demo):
    for path in ["/", "/kommun/ekero/", "/konto/login/"]:
        page.goto(path)
        link = page.get_by_role("contentinfo").get_by_role(
            "link", name="Tillgänglighetsredogörelse"
        )
        assert link.get_attribute("href") == "/tillganglighet/"


def test_officer_logs_in_and_reaches_admin(page, demo, accessible):
    login(page, "handlaggare.nacka@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    assert "Handläggare" in page.content()
    accessible(page)
    page.goto("/handlaggning/")
    accessible(page)
    page.get_by_role("link", name="Öppna handläggarverktyget (administration)").click()
    page.wait_for_url("**/admin/")
    assert "Handläggning och inställningar" in page.content()
    accessible(page)


def test_admin_login_form_with_demo_login(page, demo, accessible):
    page.goto("/admin/login/")
    page.get_by_label("E-postadress").fill("admin.nacka@example.se")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/")
    assert "Rolltilldelningar" in page.content()
    accessible(page)


def test_politician_sees_dashboard(page, demo, accessible):
    login(page, "politiker.nacka@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto("/kommun/nacka/oversikt/")
    table = page.get_by_role(
        "table", name=re.compile("Nätverk, möten och åtgärder per fokusområde")
    )
    assert "Trygghet" in table.inner_text()
    accessible(page)


def test_member_sees_why_informal_group_cannot_apply(page, demo, accessible):
    login(page, "forening@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.get_by_role("link", name="Bidrag", exact=True).click()
    page.get_by_role("link", name="Projektbidrag för inkludering, hösten").click()
    card = page.get_by_role("region", name="Fisksätra IF")
    assert "Kan söka." in card.inner_text()
    accessible(page)


def test_officer_action_form_is_accessible(page, demo, accessible):
    page.goto("/admin/login/")
    page.get_by_label("E-postadress").fill("handlaggare.nacka@example.se")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto("/admin/organisations/organisation/?status__exact=pending")
    page.get_by_role("link", name="Nacka Seniorer").click()
    page.get_by_role("link", name="Begär komplettering").click()
    page.get_by_label("Vad som behöver kompletteras").fill("")
    page.get_by_role("button", name="Spara").click()  # empty: the error is shown in the form
    assert page.locator(".errorlist").count() == 1
    accessible(page)

"""The admin's forms and lists are named for screen readers, in Swedish and English (#19):
the call form's date and time inputs each have a name ("Öppnar, datum"), a list's search box
and yes/no icons speak the page's language, and the language switch in the header takes an
officer to the same page in English and back. Every page passes axe (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from tests.browser.conftest import admin_session

pytestmark = pytest.mark.browser

MUNICIPAL_ADMIN = "admin.nacka@example.se"


def test_the_call_form_names_its_date_and_time_inputs_in_both_languages(
    browser, live_server, demo, accessible
):
    page = admin_session(browser, live_server, MUNICIPAL_ADMIN, DEMO_PASSWORD)
    page.goto("/admin/grants/call/add/")
    for name in ("Öppnar, datum", "Öppnar, tid", "Stänger, datum", "Stänger, tid"):
        expect(page.get_by_role("textbox", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Öppnar, datum")).to_have_attribute(
        "name", "opens_at_0"
    )
    expect(page.get_by_role("textbox", name="Stänger, tid")).to_have_attribute(
        "name", "closes_at_1"
    )
    accessible(page)

    page.goto("/en/admin/grants/call/add/")
    for name in ("Opens, date", "Opens, time", "Closes, date", "Closes, time"):
        expect(page.get_by_role("textbox", name=name, exact=True)).to_be_visible()
    accessible(page)


def test_a_list_speaks_swedish_and_the_language_switch_goes_to_english_and_back(
    browser, live_server, demo, accessible
):
    page = admin_session(browser, live_server, MUNICIPAL_ADMIN, DEMO_PASSWORD)
    page.goto("/admin/organisations/organisation/?o=1")
    expect(page.get_by_role("textbox", name="Sök", exact=True)).to_be_visible()
    expect(page.locator("#result_list img[alt='Ja']").first).to_be_visible()
    expect(page.locator("#result_list img[alt='Nej']").first).to_be_visible()
    expect(
        page.locator("#result_list img[alt='True'], #result_list img[alt='False']")
    ).to_have_count(0)
    accessible(page)

    switch = page.get_by_role("navigation", name="Språk")
    english = switch.get_by_role("link", name="English")
    expect(english).to_have_attribute("lang", "en")
    english.click()
    page.wait_for_url("**/en/admin/organisations/organisation/?o=1")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("textbox", name="Search", exact=True)).to_be_visible()
    expect(page.locator("#result_list img[alt='Yes']").first).to_be_visible()
    accessible(page)

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()
    page.wait_for_url("**/admin/organisations/organisation/?o=1")
    assert "/en/" not in page.url
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Senaste händelser", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ändra", exact=True).first).to_be_visible()
    expect(page.get_by_text("Förändring")).to_have_count(0)
    accessible(page)

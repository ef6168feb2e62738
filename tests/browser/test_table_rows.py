"""Long tables of the application form show the filled rows and a few empty ones; "Add a
row" reveals the next and moves the focus there; what is typed in it is kept."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants.models import Application, Call
from organisations.models import Organisation
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_add_a_cost_row_by_keyboard_and_keep_it(page, demo, accessible):
    from django.urls import reverse

    from grants import services
    from portal.models import User

    call = Call.objects.get(title="Projektbidrag för inkludering, hösten")
    organisation = Organisation.objects.get(name="Fisksätra IF")
    user = User.objects.get(email="forening@example.se")
    application = services.application_start(call=call, organisation=organisation, by=user)
    login(page, "forening@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    with translation.override("sv"):
        page.goto(reverse("grants:application", args=[application.pk]))
    costs = page.locator("tbody[data-expandable]").first
    expect(costs.locator("tr:visible")).to_have_count(5)
    add = page.get_by_role("button", name="Lägg till en kostnadsrad")
    add.focus()
    page.keyboard.press("Enter")
    expect(costs.locator("tr:visible")).to_have_count(6)
    expect(page.locator("#id_q_budget_10")).to_be_focused()
    page.keyboard.type("Lokalhyra")
    page.locator("#id_q_budget_11").fill("4000")
    accessible(page)
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status").first).to_contain_text("Utkastet har sparats")
    expect(page.locator("#id_q_budget_10")).to_be_visible()  # a filled row stays shown
    expect(costs.locator("tr:visible")).to_have_count(7)
    stored = Application.objects.get(pk=application.pk).answers
    assert (stored["q_budget_10"], stored["q_budget_11"]) == ("Lokalhyra", "4000")

"""A board of more than three people (#19): the board form shows three rows, "Add a person"
reveals a fourth and moves the focus there, and all four are saved."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from organisations.models import Organisation
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Anna Andersson", "chair"),
    ("Bertil Berg", "treasurer"),
    ("Cecilia Ek", "secretary"),
    ("Dagny Dahl", "member"),
]


def test_a_fourth_board_member_is_added_by_keyboard_and_saved(page, demo, accessible):
    organisation = Organisation.objects.get(name="Fisksätra IF")
    year = timezone.localdate().year
    organisation.board_members.filter(year__in=[year, year - 1]).delete()
    login(page, "forening@example.se", DEMO_PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    with translation.override("sv"):
        page.goto(reverse("organisations:board", args=[organisation.pk, year]))

    shown = page.locator("[data-expandable] > fieldset:visible")
    expect(shown).to_have_count(3)
    for i, (name, role) in enumerate(PEOPLE[:3]):
        page.locator(f"#id_form-{i}-full_name").fill(name)
        page.locator(f"#id_form-{i}-role").select_option(role)
    expect(shown).to_have_count(3)
    add = page.get_by_role("button", name="Lägg till en person")
    add.focus()
    page.keyboard.press("Enter")
    expect(shown).to_have_count(4)
    expect(page.locator("#id_form-3-full_name")).to_be_focused()
    page.keyboard.type(PEOPLE[3][0])
    page.locator("#id_form-3-role").select_option(PEOPLE[3][1])
    page.locator("#id_form-0-is_signatory").check()
    accessible(page)

    page.get_by_role("button", name="Spara styrelsen").click()

    expect(page.get_by_text(f"Styrelsen för {year} har sparats.")).to_be_visible()
    saved = organisation.board_members.filter(year=year)
    assert sorted(saved.values_list("full_name", "role")) == sorted(PEOPLE)

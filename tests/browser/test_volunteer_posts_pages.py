"""Volunteer posts and volunteers' pages in a real browser with axe (WCAG 2.1 AA): a person
finds a post in the public list, is sent to sign up as a volunteer (the form's errors keep
what was typed), comes back, lands on the full shift's waiting list, and sees it on their
volunteer page; the host's admin pages (the post with its shifts, attendance, extracts) and
an organisation's own opportunities pass axe too."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.browser.conftest import admin_session, login
from tests.factories import PASSWORD, UserFactory
from tests.volunteering.conftest import vol  # noqa: F401 - the volunteering world
from tests.volunteering.test_posts_signup import post_in, shift_of
from volunteering.models import Shift, ShiftSignup
from volunteering.services import posts as services

pytestmark = pytest.mark.browser


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


def test_a_person_signs_up_and_lands_on_the_waiting_list_accessibly(
    page,
    vol,  # noqa: F811 - the fixture imported above
    accessible,
):
    post = post_in(vol, requires_record_extract=True)
    full = shift_of(post, vol.culture_officer, places=1)
    services.shift_sign_up(shift=full, volunteer=vol.volunteer, by=vol.volunteer.user)
    shift_of(post, vol.culture_officer, places=3, starts_in=timedelta(days=5))
    person = UserFactory(full_name="Nora Ny")

    page.goto(reverse("volunteering:public_posts", args=["nacka"]))
    assert "Värd på MeetingPoint" in page.content()
    accessible(page)
    login(page, person.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto(reverse("volunteering:post", args=[post.pk]))
    accessible(page)
    page.get_by_role("button", name="Ställ dig på väntelistan").click()
    page.wait_for_load_state()
    assert "bli-frivillig" in page.url
    page.get_by_label("Något annat jag kan erbjuda").fill("Kan laga mat för många")
    page.get_by_label("Sms").check()
    page.get_by_role("button", name="Anmäl dig som frivillig").click()
    page.wait_for_load_state()
    assert "Ange ett telefonnummer" in page.content()
    assert page.get_by_label("Något annat jag kan erbjuda").input_value() == (
        "Kan laga mat för många"
    )
    accessible(page)
    page.get_by_label("Telefon", exact=True).fill("070-765 43 21")
    page.get_by_label("Jag samtycker").check()
    page.get_by_role("button", name="Anmäl dig som frivillig").click()
    page.wait_for_url(f"**{reverse('volunteering:post', args=[post.pk])}")
    page.get_by_role("button", name="Ställ dig på väntelistan").click()
    page.wait_for_load_state()
    assert "du står på väntelistan som nummer 1" in page.content()
    assert "Du står på väntelistan, nummer 1." in page.content()
    accessible(page)
    assert ShiftSignup.objects.get(volunteer__user=person).status == "waiting"
    page.goto(reverse("volunteering:mine"))
    assert "På väntelistan, nummer 1" in page.content()
    accessible(page)
    page.goto(reverse("portal:my_page"))
    assert "Mina kommande pass" in page.content()
    accessible(page)


def test_the_hosts_and_the_organisations_pages_are_accessible(
    browser,
    live_server,
    page,
    vol,  # noqa: F811 - the fixture imported above
    accessible,
):
    post = post_in(vol, requires_record_extract=True)
    shift = shift_of(post, vol.culture_officer, places=2)
    for volunteer in (vol.volunteer, vol.volunteer_2):
        services.shift_sign_up(shift=shift, volunteer=volunteer, by=volunteer.user)
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=shift.starts_at - timedelta(days=4), ends_at=shift.ends_at - timedelta(days=4)
    )
    admin = admin_session(browser, live_server, vol.culture_officer.email, PASSWORD)
    for url in (
        reverse("admin:volunteering_post_changelist"),
        reverse("admin:volunteering_post_add"),
        reverse("admin:volunteering_post_change", args=[post.pk]),
        reverse("admin:volunteering_post_extracts", args=[post.pk]),
        reverse("admin:volunteering_shift_change", args=[shift.pk]),
        reverse("admin:volunteering_shift_attendance", args=[shift.pk]),
    ):
        admin.goto(url)
        accessible(admin)
    for name in ("Vera Volontär", "Ville Volontär"):
        admin.get_by_label(f"Kom {name}?").select_option("yes")
    admin.get_by_role("button", name="Spara").click()
    admin.wait_for_load_state()
    assert ShiftSignup.objects.filter(attended=True).count() == 2
    coordinator = admin_session(browser, live_server, vol.coordinator.email, PASSWORD)
    for url in (
        reverse("admin:volunteering_volunteer_changelist"),
        reverse("admin:volunteering_volunteer_change", args=[vol.volunteer.pk]),
        reverse("admin:volunteering_skill_add"),
    ):
        coordinator.goto(url)
        accessible(coordinator)

    login(page, vol.org_user_2.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto(reverse("volunteering:organisation_posts", args=[vol.organisation_2.pk]))
    accessible(page)
    page.get_by_role("link", name="Nytt uppdrag").click()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "form-errors" in page.content()
    accessible(page)

"""Open forums and advice times in a real browser with axe (WCAG 2.1 AA): an anonymous
visitor signs up for a full forum (the form's error keeps what was typed) and lands on the
waiting list; a coordinator opens the check-in list and checks someone in; an association's
person books an advice time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from advice.models import AdviceBooking
from networks import services_signups
from networks.models import Meeting, MeetingPlace, OpenSignup
from organisations.models import Membership
from tests.advice.conftest import slot
from tests.browser.conftest import admin_session, login
from tests.factories import PASSWORD, NetworkFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


@pytest.fixture
def full_forum(world):
    network = NetworkFactory(municipality=world.x, name="Civilsamhällesforum", visibility="public")
    place = MeetingPlace.objects.create(
        municipality=world.x, name="Nacka stadshus", street_address="Granitvägen 15",
        postal_code="131 81", city="Nacka", step_free=True,
    )  # fmt: skip
    starts = timezone.now() + timedelta(days=14)
    forum = Meeting.objects.create(
        network=network, title="Civilsamhällesforum 2026", starts_at=starts,
        ends_at=starts + timedelta(hours=3), place=place, capacity=2, is_public=True,
        open_signup=True,
    )  # fmt: skip
    services_signups.sign_up(
        meeting=forum,
        data={"name": "Bertil Bokad", "email": "bertil@example.se", "places": 2,
              "organisation_name": "PRO Nacka", "access_needs": "Rullstolsplats",
              "interpreter_language": "sgn-SE"},
    )  # fmt: skip
    return forum


def test_an_anonymous_visitor_signs_up_for_a_full_forum_and_lands_on_the_waiting_list(
    page, full_forum, accessible
):
    page.goto(reverse("networks:meeting", args=[full_forum.pk]))
    assert "Mötet är fullt" in page.content()
    accessible(page)
    page.get_by_role("link", name="Ställ dig på väntelistan").click()
    page.wait_for_url(f"**{reverse('networks:forum_signup', args=[full_forum.pk])}")
    accessible(page)
    page.get_by_label("Ditt namn").fill("Nora Ny")
    page.get_by_label("E-post").fill("nora-at-example.se")
    page.get_by_label("Organisation, om någon").fill("Nacka Röda Korset")
    page.get_by_label("Tillgänglighetsbehov").fill("Hörslinga")
    page.get_by_label("Tolk").select_option("ar")
    page.get_by_role("button", name="Ställ dig på väntelistan").click()
    page.wait_for_load_state()
    assert "Formuläret innehåller fel" in page.content()
    assert page.get_by_label("Tillgänglighetsbehov").input_value() == "Hörslinga"
    accessible(page)
    page.get_by_label("E-post").fill("nora@example.se")
    page.get_by_role("button", name="Ställ dig på väntelistan").click()
    page.wait_for_url("**/natverk/anmalan/**")
    assert "du står på väntelistan, nummer 1" in page.content()
    accessible(page)
    signup = OpenSignup.objects.get(email="nora@example.se")
    assert (signup.status, signup.interpreter_language, signup.user) == ("waiting", "ar", None)


def test_a_coordinator_checks_someone_in_on_the_day(browser, live_server, full_forum, world,
                                                     accessible):  # fmt: skip
    coordinator = world.users["coordinator_x"]
    coordinator.set_password(PASSWORD)
    coordinator.save()
    page = admin_session(browser, live_server, coordinator.email, PASSWORD)
    page.goto(reverse("networks:checkin", args=[full_forum.pk]))
    assert "Incheckade: 0 av 2 väntade" in page.content()
    assert "Teckenspråk" in page.content() or "teckenspråk" in page.content()
    accessible(page)
    page.get_by_role("button", name="Checka in Bertil Bokad").click()
    page.wait_for_load_state()
    assert "Incheckade: 2 av 2 väntade" in page.content()
    accessible(page)
    assert OpenSignup.objects.get(email="bertil@example.se").checked_in_at is not None
    page.goto(reverse("admin:networks_meeting_change", args=[full_forum.pk]))
    assert "Bertil Bokad" in page.content()
    accessible(page)


def test_an_association_books_an_advice_time(page, world, accessible):
    time = slot(world, world.users["officer_x"], mode="phone")
    organisation = OrganisationFactory(municipality=world.x, approved=True, name="IK Nacka")
    chair = UserFactory(full_name="Ida Ordförande")
    Membership.objects.create(user=chair, organisation=organisation, role="responsible")
    page.goto(reverse("advice:slots", args=["nacka"]))
    assert "Föreningsbidrag" in page.content()
    accessible(page)
    login(page, chair.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto(reverse("advice:book", args=[time.pk]))
    accessible(page)
    page.get_by_label("Din fråga").fill("Hur söker vi projektbidrag?")
    page.get_by_role("button", name="Boka tiden").click()
    page.wait_for_load_state()
    assert "Ange numret handläggaren ska ringa" in page.content()
    assert page.get_by_label("Din fråga").input_value() == "Hur söker vi projektbidrag?"
    accessible(page)
    page.get_by_label("Telefon").fill("070-123 45 67")
    page.get_by_role("button", name="Boka tiden").click()
    page.wait_for_url("**/radgivning/bokningar/**")
    assert "Tiden är bokad" in page.content()
    accessible(page)
    booking = AdviceBooking.objects.get()
    assert (booking.organisation, booking.booked_by) == (organisation, chair)
    page.goto(reverse("portal:my_page"))
    assert "Mina rådgivningstider" in page.content()
    accessible(page)


def test_the_officers_admin_pages_of_advice_times_are_accessible(
    browser, live_server, world, accessible
):
    officer = world.users["officer_x"]
    officer.set_password(PASSWORD)
    officer.save()
    time = slot(world, officer, mode="video")
    from advice.services import bookings

    booking = bookings.book(slot=time, by=UserFactory(), question="Hur söker vi projektbidrag?")
    page = admin_session(browser, live_server, officer.email, PASSWORD)
    for url in (
        reverse("admin:advice_adviceslot_add"),
        reverse("admin:advice_adviceslot_changelist"),
        reverse("admin:advice_adviceslot_change", args=[time.pk]),
        reverse("admin:advice_advicebooking_change", args=[booking.pk]),
    ):
        page.goto(url)
        accessible(page)
    page.get_by_role("button", name="Avboka (personen får besked)").click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.status == "cancelled"

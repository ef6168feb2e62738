"""Open forums: anyone signs up for a public meeting (booked or on the waiting list), the
same address twice is one sign-up, a cancelled place goes to the one waiting list of members
and sign-ups, members' yes-answers and sign-ups share the places, the emails carry the
calendar file once booked, and the managers check people in on the day."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from networks import retention, services, services_signups, signups
from networks.models import Attendance, Invitation, Meeting, MeetingPlace, NetworkMember, OpenSignup
from portal import retention as portal_retention
from portal.models import AuditEvent, Notification
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db
S = OpenSignup.Status


@pytest.fixture
def forum(world):
    network = NetworkFactory(municipality=world.x, name="Civilsamhällesforum", visibility="public")
    place = MeetingPlace.objects.create(
        municipality=world.x, name="Nacka stadshus", street_address="Granitvägen 15",
        postal_code="131 81", city="Nacka", step_free=True,
    )  # fmt: skip
    starts = timezone.now() + timedelta(days=14)
    return Meeting.objects.create(
        network=network, title="Civilsamhällesforum 2026", starts_at=starts,
        ends_at=starts + timedelta(hours=3), place=place, capacity=3, is_public=True,
        open_signup=True,
    )  # fmt: skip


def form(**changes):
    data = {"name": "Anna Andersson", "email": "anna@example.se", "organisation_name": "",
            "places": "1", "access_needs": "", "interpreter_language": "",
            "interpreter_other": "", "website": ""}  # fmt: skip
    return {**data, **changes}


def sign_up(forum, email, places=1, **data):
    made, _created = services_signups.sign_up(
        meeting=forum,
        data={"name": email.split("@")[0], "email": email, "places": places, **data},
    )
    return made


def test_an_anonymous_visitor_signs_up_and_is_booked_with_the_calendar_file(client, forum):
    url = reverse("networks:forum_signup", args=[forum.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Platser kvar: 3" in page.content.decode()
    response = client.post(url, form(places="2", interpreter_language="sgn-SE",
                                     access_needs="Rullstolsplats"))  # fmt: skip
    signup = OpenSignup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:forum_signup_page", args=[signup.token])
    assert (signup.status, signup.places, signup.user) == (S.BOOKED, 2, None)
    assert signup.interpreter == "Svenskt teckenspråk"
    mail = Notification.objects.get(kind=services_signups.BOOKED_KIND)
    assert mail.recipient == "anna@example.se"
    assert mail.attachment_name == "mote.ics"
    assert b"BEGIN:VEVENT" in bytes(mail.attachment)
    assert signup.token in mail.body
    own = client.get(response["Location"]).content.decode()
    assert "Du är anmäld" in own
    assert signups.places_left(forum) == 1
    event = AuditEvent.objects.get(action="forum_signup.created")
    assert "anna" not in str(event.after).lower()  # the trail names nobody


def test_a_full_forum_puts_the_visitor_on_the_waiting_list_without_a_calendar_file(client, forum):
    sign_up(forum, "a@example.se", places=3)
    page = client.get(reverse("networks:meeting", args=[forum.pk])).content.decode()
    assert "Ställ dig på väntelistan" in page
    response = client.post(reverse("networks:forum_signup", args=[forum.pk]), form())
    signup = OpenSignup.objects.get(email="anna@example.se")
    assert signup.status == S.WAITING
    own = client.get(response["Location"]).content.decode()
    assert "väntelistan, nummer 1" in own
    mail = Notification.objects.get(kind=services_signups.WAITING_KIND)
    assert not mail.attachment_name
    assert "nummer 1" in mail.body


def test_errors_keep_what_was_typed_and_the_honeypot_keeps_nothing(client, forum):
    url = reverse("networks:forum_signup", args=[forum.pk])
    response = client.post(url, form(email="inte-en-adress", access_needs="Hörslinga",
                                      interpreter_language="other"))  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hörslinga" in page
    assert "inte-en-adress" in page
    assert "Ange vilket språk" in page
    assert not OpenSignup.objects.exists()
    response = client.post(url, form(website="http://spam.example"))
    assert response.status_code == 200
    assert not OpenSignup.objects.exists()
    assert not Notification.objects.exists()


def test_the_same_address_twice_is_one_signup_and_gets_its_link_again(client, forum):
    url = reverse("networks:forum_signup", args=[forum.pk])
    client.post(url, form())
    response = client.post(url, form(email="ANNA@example.se ", name="Someone else"))
    assert response.status_code == 200
    assert "redan anmäld" in response.content.decode()
    assert OpenSignup.objects.get().name == "Anna Andersson"
    again = Notification.objects.get(kind=services_signups.ALREADY_KIND)
    assert OpenSignup.objects.get().token in again.body
    assert OpenSignup.objects.get().token not in response.content.decode()


def test_cancelling_gives_the_place_to_the_first_waiting(client, forum):
    first = sign_up(forum, "first@example.se", places=3)
    big = sign_up(forum, "big@example.se", places=3)  # waits, number 1
    later = sign_up(forum, "later@example.se", places=1)
    assert (big.status, later.status) == (S.WAITING, S.WAITING)
    assert signups.waiting_position(later) == 2
    response = client.post(reverse("networks:forum_cancel", args=[first.token]))
    assert response.status_code == 302
    for row in (first, big, later):
        row.refresh_from_db()
    assert (first.status, big.status, later.status) == (S.CANCELLED, S.BOOKED, S.WAITING)
    promoted = Notification.objects.get(kind=services_signups.PROMOTED_KIND)
    assert promoted.recipient == "big@example.se"
    assert promoted.attachment_name == "mote.ics"
    assert Notification.objects.filter(kind=services_signups.CANCELLED_KIND).count() == 1
    client.post(reverse("networks:forum_cancel", args=[first.token]))  # twice: nothing
    assert Notification.objects.filter(kind=services_signups.CANCELLED_KIND).count() == 1


def test_a_cancelled_person_may_sign_up_again(forum):
    first = sign_up(forum, "first@example.se")
    services_signups.signup_cancel(signup=first, token=first.token)
    again = sign_up(forum, "first@example.se", places=2)
    assert again.pk == first.pk
    assert again.status == S.BOOKED
    assert again.places == 2
    assert Notification.objects.filter(kind=services_signups.BOOKED_KIND).count() == 2


def test_a_wrong_token_or_someone_elses_cancel_is_refused(client, forum, world):
    signup = sign_up(forum, "a@example.se")
    assert client.get(reverse("networks:forum_signup_page", args=["x" * 43])).status_code == 404
    assert client.post(reverse("networks:forum_cancel", args=["nope"])).status_code == 404
    with pytest.raises(PermissionDenied):
        services_signups.signup_cancel(signup=signup, by=UserFactory(), token="wrong")
    with pytest.raises(PermissionDenied):
        services_signups.signup_cancel(signup=signup, by=world.users["officer_y"])
    services_signups.signup_cancel(signup=signup, by=world.users["coordinator_x"])
    signup.refresh_from_db()
    assert signup.status == S.CANCELLED


def test_members_answers_and_open_signups_share_the_places_and_one_waiting_list(forum):
    organisation_member = NetworkMember.objects.create(
        network=forum.network, kind="individual", user=UserFactory()
    )
    invitation = Invitation.objects.create(meeting=forum, member=organisation_member)
    who = organisation_member.user
    services.rsvp(invitation=invitation, response="yes", places=2, by=who)
    booked = sign_up(forum, "one@example.se")
    assert booked.status == S.BOOKED
    assert signups.places_taken(forum) == 3
    waiting = sign_up(forum, "two@example.se")
    assert waiting.status == S.WAITING
    with pytest.raises(ValidationError):  # the member cannot take a fourth place
        services.rsvp(invitation=invitation, response="yes", places=3, by=who)
    # the member says no: the waiting sign-up gets a place
    services.rsvp(invitation=invitation, response="no", by=who)
    waiting.refresh_from_db()
    assert waiting.status == S.BOOKED
    # a member on the waiting list before a sign-up gets the next place first
    sign_up(forum, "filler@example.se")  # the place the member left
    services.rsvp(invitation=invitation, response="waitlist", places=2, by=who)
    late = sign_up(forum, "late@example.se")
    assert [type(row).__name__ for row in signups.waiting_line(forum)] == [
        "Invitation", "OpenSignup",
    ]  # fmt: skip
    assert signups.waiting_position(late) == 2
    services_signups.signup_cancel(signup=booked, token=booked.token)
    invitation.refresh_from_db()
    late.refresh_from_db()
    assert invitation.response == "waitlist"  # two places do not fit one free
    assert late.status == S.BOOKED  # the smaller party behind is let in
    assert signups.places_taken(forum) == 3


def test_more_places_in_the_admin_go_to_the_waiting_list(forum, world):
    sign_up(forum, "a@example.se", places=3)
    waiting = sign_up(forum, "b@example.se", places=2)
    services.meeting_update(meeting=forum, changes={"capacity": 5},
                            by=world.users["coordinator_x"])  # fmt: skip
    waiting.refresh_from_db()
    assert waiting.status == S.BOOKED


def test_only_open_public_meetings_take_signups(client, forum, world):
    private = NetworkFactory(municipality=world.x, visibility="invite_only")
    forum.network = private
    with pytest.raises(ValidationError):
        forum.full_clean()
    forum.refresh_from_db()
    Meeting.objects.filter(pk=forum.pk).update(open_signup=False)
    assert client.get(reverse("networks:forum_signup", args=[forum.pk])).status_code == 404
    Meeting.objects.filter(pk=forum.pk).update(open_signup=True, status="cancelled")
    page = client.get(reverse("networks:forum_signup", args=[forum.pk])).content.decode()
    assert "Mötet har ställts in." in page
    with pytest.raises(ValidationError):
        sign_up(forum, "a@example.se")


def test_checkin_list_for_the_managers_only_idempotent_and_exported(client, forum, world):
    member = NetworkMember.objects.create(network=forum.network, kind="individual",
                                          user=UserFactory(full_name="Mia Medlem"))  # fmt: skip
    invitation = Invitation.objects.create(meeting=forum, member=member)
    services.rsvp(invitation=invitation, response="yes", by=member.user)
    signup = sign_up(forum, "anna@example.se", places=2, access_needs="=HYPERLINK(1)",
                     interpreter_language="ar")  # fmt: skip
    url = reverse("networks:checkin", args=[forum.pk])
    mark = reverse("networks:checkin_mark", args=[forum.pk])
    for role in ("member", "officer_y", "politician_x"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404
        assert client.post(mark, {"kind": "signup", "row": signup.pk}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(world.users["officer_x"])
    page = client.get(url).content.decode()
    assert "Mia Medlem" in page
    assert "anna" in page
    assert "Arabiska" in page
    assert "Incheckade: 0 av 3 väntade" in page
    client.post(mark, {"kind": "signup", "row": signup.pk})
    client.post(mark, {"kind": "signup", "row": signup.pk})
    client.post(mark, {"kind": "member", "row": invitation.pk})
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    assert AuditEvent.objects.filter(action="forum.checked_in").count() == 2
    assert Attendance.objects.get(meeting=forum, member=member).people == 1
    assert "Incheckade: 3 av 3 väntade" in client.get(url).content.decode()
    assert client.post(mark, {"kind": "signup", "row": 999999}).status_code == 302
    assert client.post(mark, {"kind": "nonsense", "row": "x"}).status_code == 404
    csv = client.get(reverse("networks:checkin_export", args=[forum.pk, "csv"]))
    assert "'=HYPERLINK(1)" in csv.content.decode()
    xlsx = client.get(reverse("networks:checkin_export", args=[forum.pk, "xlsx"]))
    from io import BytesIO

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert client.get(reverse("networks:checkin_export", args=[forum.pk, "pdf"])).status_code == 404


def test_the_admin_meeting_page_shows_the_signups_and_the_checkin_link(client, forum, world):
    sign_up(forum, "anna@example.se")
    client.force_login(world.users["coordinator_x"])
    page = client.get(reverse("admin:networks_meeting_change", args=[forum.pk])).content.decode()
    assert "anna" in page
    assert reverse("networks:checkin", args=[forum.pk]) in page
    listing = client.get(reverse("admin:networks_meeting_changelist")).content.decode()
    assert "1 / 3" in listing


def test_gdpr_export_erasure_and_retention(forum, world):
    person = UserFactory(email="anna@example.se")
    sign_up(forum, "Anna@example.se", places=3)
    waiting = sign_up(forum, "b@example.se")
    from portal.gdpr import erasure, export

    data = export.personal_data(person)
    assert [row["email"] for row in data["open_forum_signups"]] == ["anna@example.se"]
    erasure.account_delete(user=person)
    assert not OpenSignup.objects.filter(email="anna@example.se").exists()
    waiting.refresh_from_db()
    assert waiting.status == S.BOOKED  # the place went to the waiting list first
    Meeting.objects.filter(pk=forum.pk).update(
        starts_at=timezone.now() - timedelta(days=400), ends_at=timezone.now() - timedelta(days=399)
    )
    steps = [s for s in portal_retention.plan() if s.what == "open_signups"]
    assert steps
    assert steps[0].count == 1
    portal_retention.carry_out(steps)
    assert not OpenSignup.objects.exists()
    assert retention.SIGNUP_MONTHS == 6

"""Invitations and answers within the places (also concurrently), the waiting list, bad
input, attendance, and the calendar files parsed back with a real iCalendar library."""

import threading
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from networks import feeds, services
from networks.models import Attendance, Invitation, Meeting, NetworkMember
from organisations.models import Membership
from portal.tasks import outbox_drain
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
R = Invitation.Response


def invite_all(net, world):
    services.meeting_invite(meeting=net.meeting, by=world.users["coordinator_x"])
    return {i.member_id: i for i in net.meeting.invitations.all()}


def test_invite_all_active_members_once_and_email_them(
    world, net, django_capture_on_commit_callbacks
):
    NetworkMember.objects.create(
        network=net.network,
        kind="organisation",
        status="requested",
        organisation=OrganisationFactory(municipality=world.x),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = services.meeting_invite(meeting=net.meeting, by=world.users["coordinator_x"])
    assert count == 3  # the organisation, the person and the partner; not the request
    assert len(callbacks) == 1  # delivery is requested after commit
    assert services.meeting_invite(meeting=net.meeting, by=world.users["coordinator_x"]) == 0
    assert mail.outbox == []
    outbox_drain.apply()  # what the worker runs
    assert {m.to[0] for m in mail.outbox} == {
        net.org_user.email,
        net.org_user_2.email,
        net.person.email,
        "polis@example.se",
    }
    message = mail.outbox[0]
    assert len(mail.outbox) == 4  # one message per person: each in their own language
    [(_name, content, kind)] = message.attachments
    assert kind == "text/calendar"
    assert (
        icalendar.Calendar.from_ical(content)
        .walk("VEVENT")[0]["SUMMARY"]
        .startswith("Trygghetsvandring")
    )


def test_only_managers_invite(world, net):
    for user in (net.org_user, world.users["officer_y"], world.users["politician_x"]):
        with pytest.raises(PermissionDenied):
            services.meeting_invite(meeting=net.meeting, by=user)


def test_answers_respect_places_and_the_waiting_list_moves_up(world, net):
    invitations = invite_all(net, world)
    Meeting.objects.filter(pk=net.meeting.pk).update(capacity=3)
    org = invitations[net.organisation_member.pk]
    person = invitations[net.person_member.pk]
    services.rsvp(invitation=org, response=R.YES, places=2, by=net.org_user)
    with pytest.raises(ValidationError, match="1 av 3"):
        services.rsvp(invitation=person, response=R.YES, places=2, by=net.person)
    person.refresh_from_db()
    assert person.response == R.NO_ANSWER  # nothing saved on a refused answer
    services.rsvp(invitation=person, response=R.WAITLIST, places=2, by=net.person)
    services.rsvp(invitation=org, response=R.NO, places=2, by=net.org_user_2)
    person.refresh_from_db()
    assert person.response == R.YES  # the freed places went to the waiting list
    org.refresh_from_db()
    assert (org.response, org.responded_by) == (R.NO, net.org_user_2)


def test_who_may_answer(world, net):
    invitations = invite_all(net, world)
    org = invitations[net.organisation_member.pk]
    for user in (net.person, net.outsider, world.users["coordinator_x"]):
        with pytest.raises(PermissionDenied):
            services.rsvp(invitation=org, response=R.YES, by=user)


def test_no_answer_after_the_meeting_started_or_when_cancelled(world, net):
    invitations = invite_all(net, world)
    person = invitations[net.person_member.pk]
    Meeting.objects.filter(pk=net.meeting.pk).update(status="cancelled")
    with pytest.raises(ValidationError, match="ställts in"):
        services.rsvp(invitation=person, response=R.YES, by=net.person)
    past = timezone.now() - timedelta(hours=1)
    Meeting.objects.filter(pk=net.meeting.pk).update(
        status="planned", starts_at=past, ends_at=past + timedelta(hours=2)
    )
    with pytest.raises(ValidationError, match="redan börjat"):
        services.rsvp(invitation=person, response=R.YES, by=net.person)


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_never_exceed_the_places(world, net):
    Meeting.objects.filter(pk=net.meeting.pk).update(capacity=5)
    people = []
    for _ in range(12):
        user = UserFactory()
        NetworkMember.objects.create(network=net.network, kind="individual", user=user)
        people.append(user)
    services.meeting_invite(meeting=net.meeting, by=world.users["coordinator_x"])
    barrier = threading.Barrier(len(people))
    outcomes = []

    def answer(user):
        invitation = Invitation.objects.get(meeting=net.meeting, member__user=user)
        barrier.wait()
        try:
            services.rsvp(invitation=invitation, response=R.YES, by=user)
            outcomes.append("yes")
        except ValidationError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=[u]) for u in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("yes") == 5
    assert outcomes.count("full") == 7
    assert net.meeting.invitations.filter(response=R.YES).count() == 5


def test_meeting_ending_before_it_starts_is_refused_by_the_database(world, net):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            network=net.network,
            title="Fel",
            starts_at=timezone.now(),
            ends_at=timezone.now() - timedelta(hours=1),
            place=net.place,
        )
    meeting = Meeting(
        network=net.network,
        title="Fel",
        starts_at=timezone.now(),
        ends_at=timezone.now() - timedelta(hours=1),
        place=net.place,
    )
    with pytest.raises(ValidationError, match="sluta efter"):
        meeting.full_clean()


def test_attendance_after_the_meeting(world, net):
    coordinator = world.users["coordinator_x"]
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=net.meeting, by=coordinator, people_by_member={net.organisation_member.pk: 3}
        )
    past = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=net.meeting.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=2)
    )
    net.meeting.refresh_from_db()
    services.attendance_record(
        meeting=net.meeting,
        by=coordinator,
        people_by_member={
            net.organisation_member.pk: 3,
            net.partner_member.pk: 1,
            net.person_member.pk: 0,
        },
    )
    assert dict(Attendance.objects.values_list("member_id", "people")) == {
        net.organisation_member.pk: 3,
        net.partner_member.pk: 1,
    }
    services.attendance_record(
        meeting=net.meeting, by=coordinator, people_by_member={net.partner_member.pk: 0}
    )
    assert Attendance.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.attendance_record(meeting=net.meeting, by=net.org_user, people_by_member={})


def test_meeting_ics_parses_back_with_stockholm_time(client, world, net):
    net.meeting.agenda.create(title="Lägesbild från polisen", minutes=20)
    client.force_login(net.person)
    response = client.get(reverse("networks:meeting_ics", args=[net.meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"{net.meeting.uid}@samverkan"
    assert event.decoded("DTSTART") == net.meeting.starts_at.replace(microsecond=0)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Stockholm"
    assert "Fisksätra bibliotek" in event["LOCATION"]
    assert "Lägesbild från polisen" in event["DESCRIPTION"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"


def test_feeds_public_meetings_for_all_every_meeting_for_members(client, world, net):
    hidden = Meeting.objects.create(
        network=net.network,
        title="Internt",
        place=net.place,
        starts_at=net.meeting.starts_at + timedelta(days=7),
        ends_at=net.meeting.ends_at + timedelta(days=7),
    )
    # an invite-only network has no public feed
    assert client.get(reverse("networks:public_feed", args=[net.network.pk])).status_code == 404
    net.network.visibility = "public"
    net.network.save()
    Meeting.objects.filter(pk=net.meeting.pk).update(is_public=True)
    public = icalendar.Calendar.from_ical(
        client.get(reverse("networks:public_feed", args=[net.network.pk])).content
    )
    assert [e["SUMMARY"].split(" – ")[0] for e in public.walk("VEVENT")] == ["Trygghetsvandring"]
    token = feeds.feed_for(net.person, net.network).token
    feed = reverse("networks:member_feed", args=[net.network.pk, token])
    members = icalendar.Calendar.from_ical(client.get(feed).content)
    assert {str(e["UID"]) for e in members.walk("VEVENT")} == {
        f"{net.meeting.uid}@samverkan",
        f"{hidden.uid}@samverkan",
    }
    wrong = reverse("networks:member_feed", args=[net.network.pk, "gissat"])
    assert client.get(wrong).status_code == 404


def test_rsvp_through_the_meeting_page(client, world, net):
    invitations = invite_all(net, world)
    org = invitations[net.organisation_member.pk]
    client.force_login(net.org_user)
    url = reverse("networks:meeting", args=[net.meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="i{org.pk}-response"' in page.content.decode()
    client.post(
        reverse("networks:rsvp", args=[net.meeting.pk]),
        {"invitation": org.pk, f"i{org.pk}-response": "yes", f"i{org.pk}-places": "3"},
    )
    org.refresh_from_db()
    assert (org.response, org.places) == (R.YES, 3)
    Meeting.objects.filter(pk=net.meeting.pk).update(capacity=3)
    person = invitations[net.person_member.pk]
    client.force_login(net.person)
    full = client.post(
        reverse("networks:rsvp", args=[net.meeting.pk]),
        {"invitation": person.pk, f"i{person.pk}-response": "yes", f"i{person.pk}-places": "1"},
        follow=True,
    )
    assert "fullt" in full.content.decode()
    person.refresh_from_db()
    assert person.response == R.NO_ANSWER
    # someone else's invitation: not found
    other = client.post(
        reverse("networks:rsvp", args=[net.meeting.pk]),
        {"invitation": org.pk, f"i{org.pk}-response": "no", f"i{org.pk}-places": "1"},
    )
    assert other.status_code == 404
    Membership.objects.filter(user=net.org_user).delete()

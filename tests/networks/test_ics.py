"""Calendar files, parsed back with the icalendar library and checked against RFC 5545 and
RFC 5546: a meeting's file (download and invitation attachment) is a PUBLISH with the
ORGANIZER that iTIP requires for it and no attendees; the feeds have no METHOD and so no
ORGANIZER; no summary names the network twice."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from networks import services
from portal.tasks import outbox_drain

pytestmark = pytest.mark.django_db

# RFC 5546, 3.2.1 (PUBLISH): properties a VEVENT must have exactly once, and must not have.
PUBLISH_REQUIRED = ("DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID")
PUBLISH_FORBIDDEN = ("ATTENDEE", "REQUEST-STATUS")


def _calendar(content: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar


def _assert_published(content: bytes, world, net) -> icalendar.Event:
    calendar = _calendar(content)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    for name in PUBLISH_REQUIRED:
        assert name in event, name
        assert not isinstance(event[name], list), f"{name} more than once"
    for name in PUBLISH_FORBIDDEN:
        assert name not in event, name
    organizer = event["ORGANIZER"]
    assert str(organizer).lower() == "mailto:kontakt@nacka.se"
    assert organizer.params["CN"] == f"{net.network.convening_unit}, Nacka kommun"
    # SEQUENCE must be there once the meeting has been changed (RFC 5546, 2.1.4).
    assert int(event["SEQUENCE"]) == net.meeting.sequence
    return event


@pytest.fixture
def contact(world):
    world.x.contact_email = "kontakt@nacka.se"
    world.x.save()


def test_a_meetings_file_is_a_publish_with_an_organizer(client, world, net, contact):
    client.force_login(net.person)
    response = client.get(reverse("networks:meeting_ics", args=[net.meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = _assert_published(response.content, world, net)
    assert str(event["SUMMARY"]) == "Trygghetsvandring – BRÅ Fisksätra"


def test_the_invitations_attachment_is_the_same_publish(world, net, contact):
    services.meeting_invite(meeting=net.meeting, by=world.users["coordinator_x"])
    outbox_drain.apply()
    message = next(m for m in mail.outbox if m.to == [net.person.email])
    [(_name, content, kind)] = message.attachments
    assert kind == "text/calendar"
    _assert_published(content.encode() if isinstance(content, str) else content, world, net)


def test_without_a_contact_address_the_organizer_is_the_portals_sender(
    client, world, net, settings
):
    settings.DEFAULT_FROM_EMAIL = "Samverkan <noreply@samverkan.example>"
    client.force_login(net.person)
    response = client.get(reverse("networks:meeting_ics", args=[net.meeting.pk]))
    [event] = _calendar(response.content).walk("VEVENT")
    assert str(event["ORGANIZER"]).lower() == "mailto:noreply@samverkan.example"


def test_a_title_naming_the_network_is_not_followed_by_the_name_again(client, world, net):
    net.meeting.title = "BRÅ Fisksätra: nätverksträff"
    net.meeting.save()
    client.force_login(net.person)
    single = client.get(reverse("networks:meeting_ics", args=[net.meeting.pk])).content
    assert [str(e["SUMMARY"]) for e in _calendar(single).walk("VEVENT")] == [
        "BRÅ Fisksätra: nätverksträff"
    ]
    net.network.visibility = "public"
    net.network.save()
    net.meeting.is_public = True
    net.meeting.save()
    feed = client.get(reverse("networks:public_feed", args=[net.network.pk])).content
    assert [str(e["SUMMARY"]) for e in _calendar(feed).walk("VEVENT")] == [
        "BRÅ Fisksätra: nätverksträff"
    ]


def test_feeds_have_no_method_and_no_organizer(client, world, net):
    net.network.visibility = "public"
    net.network.save()
    net.meeting.is_public = True
    net.meeting.save()
    feed = _calendar(client.get(reverse("networks:public_feed", args=[net.network.pk])).content)
    assert "METHOD" not in feed
    [event] = feed.walk("VEVENT")
    assert "ORGANIZER" not in event
    assert str(event["SUMMARY"]) == "Trygghetsvandring – BRÅ Fisksätra"

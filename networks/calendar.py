"""Meetings as iCalendar (RFC 5545): one file per meeting and a feed per network, made with
the icalendar library so that calendar programs show the right Stockholm time.

The file sent with an invitation is published (METHOD:PUBLISH, RFC 5546), which requires an
ORGANIZER: the network's convening unit at the municipality's contact address. Answers go
through the portal, so the file has no attendees. The feeds have no METHOD (a plain
calendar a program subscribes to) and so no ORGANIZER.
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from networks.models import Meeting
from portal.links import absolute_reverse

PRODID = "-//Samverkan//Natverk//SV"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@samverkan")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", summary(meeting))
    lines = [meeting.description] if meeting.description else []
    lines += [f"• {item.title}" for item in meeting.agenda.all()]
    if meeting.online_url:
        lines.append(meeting.online_url)
    if lines:
        event.add("description", "\n".join(lines))
    if meeting.place_id:
        event.add("location", f"{meeting.place.name}, {meeting.place.address}")
    elif meeting.online_url:
        event.add("location", meeting.online_url)
    event.add("url", absolute_reverse("networks:meeting", args=[meeting.pk]))
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def summary(meeting: Meeting) -> str:
    """The meeting's title, with the network's name only when the title lacks it (the demo's
    titles read "BRÅ: nätverksträff"; "BRÅ: nätverksträff – BRÅ" said it twice)."""
    network = meeting.network.name
    if network.casefold() in meeting.title.casefold():
        return meeting.title
    return f"{meeting.title} – {network}"


def organizer(network) -> vCalAddress:
    """Who publishes the meeting: the convening unit, at the municipality's contact address
    (the portal's sender address when the municipality has none)."""
    municipality = network.municipality
    email = municipality.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = f"{network.convening_unit}, {municipality.name}"
    return address


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = _calendar(meeting.network.name)
    calendar.add("method", "PUBLISH")
    event = _event(meeting)
    event.add("organizer", organizer(meeting.network))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def network_feed(network, meetings) -> bytes:
    calendar = _calendar(network.name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()

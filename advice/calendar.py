"""A booked advice time as iCalendar (RFC 5545), for the confirmation email: made with the
icalendar library, in Stockholm time, published by the officer at the municipality."""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from advice.models import AdviceBooking

PRODID = "-//Samverkan//Radgivning//SV"


def booking_ics(booking: AdviceBooking) -> bytes:
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"advice-booking-{booking.pk}@samverkan")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    event.add("summary", f"{slot.title} – {slot.municipality.name}")
    lines = [booking.question]
    if slot.mode == slot.Mode.VIDEO:
        lines.append(slot.video_url)
        event.add("location", slot.video_url)
    elif slot.mode == slot.Mode.IN_PERSON:
        event.add("location", slot.where)
    event.add("description", "\n".join(line for line in lines if line))
    cancelled = booking.status == AdviceBooking.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    email = slot.officer.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = f"{slot.officer.get_full_name()}, {slot.municipality.name}"
    event.add("organizer", organizer)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

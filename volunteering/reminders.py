"""Mobilisation and volunteering's reminders (run daily by ``portal.reminders``),
registered from ``VolunteeringConfig.ready()``:

* A shift tomorrow: each volunteer booked for it, with the time, place and contact, and
  what to bring when the post asks for an extract from the criminal records they have not
  shown yet. The key holds the shift's start, so a shift moved to another day is
  reminded of again.

Each reminder is queued once per key and person in the outbox: run twice, sent once."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal import reminders
from portal.notifications import notify_many
from volunteering.models import RecordExtractCheck, ShiftSignup

KIND = "reminder.shift_tomorrow"


def _day_bounds(day):
    """The start of ``day`` and of the next, in the portal's time zone."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)


@reminders.rule
def shifts_tomorrow(municipality, today) -> int:
    start, end = _day_bounds(today + timedelta(days=1))
    booked = list(
        ShiftSignup.objects.filter(
            shift__post__municipality=municipality,
            shift__cancelled=False,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
            status=ShiftSignup.Status.CONFIRMED,
            volunteer__isnull=False,
        ).select_related("shift__post", "volunteer__user")
    )
    if not booked:
        return 0
    shown = set(
        RecordExtractCheck.objects.filter(
            volunteer_id__in={s.volunteer_id for s in booked},
            post_id__in={s.shift.post_id for s in booked},
        ).values_list("volunteer_id", "post_id")
    )
    mine_url = reminders.url("volunteering:mine")
    items = []
    for signup in booked:
        shift, post = signup.shift, signup.shift.post
        context = {
            "post": post,
            "shift": shift,
            "starts_at": timezone.localtime(shift.starts_at),
            "ends_at": timezone.localtime(shift.ends_at),
            "extract_shown": (signup.volunteer_id, post.pk) in shown,
            "url": reminders.url("volunteering:post", post.pk),
            "mine_url": mine_url,
        }
        key = f"signup:{signup.pk}:reminder:{shift.starts_at.isoformat()}"
        items.append((key, context, [signup.volunteer.user]))
    return len(
        notify_many(
            kind=KIND,
            template="volunteering/email/shift_reminder",
            items=items,
            municipality=municipality,
        )
    )

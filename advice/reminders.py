"""Advice times' reminder (run daily by ``portal.reminders``), registered from
``AdviceConfig.ready()``: the person who booked, the day before. The key holds the time's
start, so each booking is reminded of once (run twice, sent once)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from advice.models import AdviceBooking
from advice.services.bookings import REMINDER_KIND, context
from portal import reminders
from portal.notifications import notify_many


@reminders.rule
def advice_tomorrow(municipality, today) -> int:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min), zone)
    end = start + timedelta(days=1)
    booked = AdviceBooking.objects.filter(
        slot__municipality=municipality,
        slot__status="published",
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
        status=AdviceBooking.Status.BOOKED,
    ).select_related("slot__officer", "slot__place", "slot__municipality", "booked_by",
                     "organisation")  # fmt: skip
    items = [
        (
            f"advice-booking:{b.pk}:reminder:{b.slot.starts_at.isoformat()}",
            context(b),
            [b.booked_by],
        )
        for b in booked
    ]
    if not items:
        return 0
    return len(
        notify_many(
            kind=REMINDER_KIND,
            template="advice/email/reminder",
            items=items,
            municipality=municipality,
        )
    )

"""Advice times' retention rule (run by ``portal.retention``), registered from
``AdviceConfig.ready()``:

* **Bookings are deleted a year after their time.** A booking holds a question that may say
  much about an association or a person; once the advice is given and a year has passed for
  any follow-up, it has no purpose left. The times themselves (the officer's calendar) stay.
"""

from dateutil.relativedelta import relativedelta

from advice.models import AdviceBooking
from portal import retention

BOOKING_MONTHS = 12


@retention.rule
def old_advice_bookings(municipality, policy, now) -> list[retention.Step]:
    old = AdviceBooking.objects.filter(
        slot__municipality=municipality,
        slot__ends_at__lt=now - relativedelta(months=BOOKING_MONTHS),
    )
    return [retention.Step("advice_bookings", municipality, old, action=_delete)]


def _delete(ids) -> None:
    AdviceBooking.objects.filter(pk__in=ids).delete()

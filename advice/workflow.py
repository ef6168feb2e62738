"""Advice times' state machines: ``{(from, to): who may make the move}``. The services check
every move here and audit it; the admin offers only these moves.

Who may: ``OFFICER`` offers advice in the municipality (``advice.permissions.may_offer``:
its officers, coordinators and municipal administrators); ``BOOKER`` is the person who
booked, or someone acting for the organisation it was booked for.

Times. A time is published when created; the officer cancels it (its booking is cancelled
too, and the booker told) and may publish it again.

Bookings. Booked when made (the time must be free); cancelled by either side. A cancelled
booking stays cancelled: booking the time again makes a new booking.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from advice.models import AdviceBooking, AdviceSlot
from portal.workflow import allowed_for_kinds as allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves

T = AdviceSlot.Status
B = AdviceBooking.Status
OFFICER, BOOKER = "officer", "booker"

SLOT_TRANSITIONS = {
    (T.PUBLISHED, T.CANCELLED): frozenset({OFFICER}),
    (T.CANCELLED, T.PUBLISHED): frozenset({OFFICER}),
}

BOOKING_TRANSITIONS = {
    (B.BOOKED, B.CANCELLED): frozenset({OFFICER, BOOKER}),
}

CREATED_AS = {"slot": T.PUBLISHED, "booking": B.BOOKED}


def check_move(table, statuses, old: str, new: str, actor_kinds) -> None:
    if new not in statuses.values:
        raise ValidationError(_("Unknown status."), code="invalid_move")
    if old == new or allowed(old, new, actor_kinds, table):
        return
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    raise ValidationError(
        _("The status cannot change from “%(old)s” to “%(new)s”.") % labels, code="invalid_move"
    )

"""How the audit trail reads advice times' events (see portal.audit_text); imported from
AdviceConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advice.models import AdviceSlot
from portal import audit_text
from portal.audit_text import choice, describes, format_datetime, lower_first

_slot_status = choice(AdviceSlot.Status)

audit_text.register_erased("advice_bookings", gettext_lazy("Advice bookings removed"))


@describes("advice_slot.published")
def _published(event):
    event.say(_("%(actor)s published advice times from %(target)s"))
    event.note(_("Times"), str(event.after.get("times", "")))
    event.note(_("Last time"), event.after.get("last"), format_datetime)
    event.note(_("Officer"), event.after.get("officer"))


@describes("advice_slot.status_changed")
def _slot_status(event):
    event.say(
        _("%(actor)s changed the advice time %(target)s from %(old)s to %(new)s"),
        old=lower_first(_slot_status(event.before.get("status"))),
        new=lower_first(_slot_status(event.after.get("status"))),
    )


@describes("advice_booking.created")
def _booked(event):
    event.say(_("%(actor)s booked the advice time %(target)s"))
    event.note(_("Organisation"), event.after.get("organisation"))


@describes("advice_booking.status_changed")
def _cancelled(event):
    if event.after.get("by") == "booker":
        event.say(_("%(actor)s cancelled the booking %(target)s"))
    else:
        event.say(_("%(actor)s cancelled the booking %(target)s for the person who booked"))


def _retention(event) -> None:
    event.say(_("Retention: advice bookings of times a year ago deleted"))
    event.note(_("How many"), str(event.after.get("count", "")))


audit_text.register("retention.advice_bookings", _retention)

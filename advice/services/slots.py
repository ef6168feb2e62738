"""Officers publish advice times, one at a time or a series (e.g. every Tuesday 13–16 in
30-minute times for four weeks), and cancel them (a booked one's booker is told)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advice import permissions, workflow
from advice.models import AdviceBooking, AdviceSlot
from advice.services import bookings
from portal.services import audit_record

SLOT_FIELDS = ("title", "mode", "place", "address", "video_url", "notes", "administration")
MAX_SERIES = 200


def slot_problems(*, municipality, officer, data: dict) -> dict:
    """What is wrong with a time's fields, per field (the admin's form asks too)."""
    problems = {}
    if officer is not None and not permissions.may_offer(officer, municipality):
        problems["officer"] = _("The officer must offer advice in %(name)s.") % {
            "name": municipality.name
        }
    for name in ("place", "administration"):
        value = data.get(name)
        if value is not None and value.municipality_id != municipality.pk:
            problems[name] = _("It must belong to %(name)s.") % {"name": municipality.name}
    if any(area.municipality_id != municipality.pk for area in data.get("focus_areas") or ()):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    return problems


def series_times(*, first_day, start, end, minutes: int | None, weeks: int) -> list:
    """The (start, end) of each time: ``first_day`` and the same weekday for ``weeks``
    weeks, between ``start`` and ``end`` o'clock, cut into times of ``minutes`` (None: one
    time for the whole span)."""
    zone = timezone.get_current_timezone()
    times = []
    for week in range(weeks):
        day = first_day + timedelta(weeks=week)
        begin = timezone.make_aware(datetime.combine(day, start), zone)
        finish = timezone.make_aware(datetime.combine(day, end), zone)
        step = timedelta(minutes=minutes) if minutes else finish - begin
        if step <= timedelta(0):
            break
        moment = begin
        while moment + step <= finish:
            times.append((moment, moment + step))
            moment += step
    return times


@transaction.atomic
def slot_series(*, municipality, officer, by, times, data: dict, focus_areas=()) -> list:
    """Publish one time for each (start, end) of ``times``, with the same fields."""
    if not permissions.may_offer(by, municipality):
        raise PermissionDenied
    problems = slot_problems(
        municipality=municipality, officer=officer, data={**data, "focus_areas": focus_areas}
    )
    if not times:
        problems["ends_at"] = _("The times give no advice time: check the hours and length.")
    elif len(times) > MAX_SERIES:
        problems["weeks"] = _("At most %(n)s times at once.") % {"n": MAX_SERIES}
    if problems:
        raise ValidationError(problems)
    slots = []
    for starts_at, ends_at in times:
        slot = AdviceSlot(
            municipality=municipality, officer=officer, starts_at=starts_at, ends_at=ends_at,
            status=workflow.CREATED_AS["slot"], created_by=by,
            **{name: data[name] for name in SLOT_FIELDS if name in data},
        )  # fmt: skip
        if slot.address is None:
            slot.address = ""
        slot.full_clean()
        slot.save()
        if focus_areas:
            slot.focus_areas.set(list(focus_areas))
        slots.append(slot)
    audit_record(
        actor=by,
        action="advice_slot.published",
        target=slots[0],
        municipality=municipality,
        after={
            "times": len(slots),
            "first": slots[0].starts_at.isoformat(),
            "last": slots[-1].starts_at.isoformat(),
            "officer": str(officer),
        },
    )
    return slots


@transaction.atomic
def slot_set_status(*, slot: AdviceSlot, status: str, by) -> AdviceSlot:
    """Cancel a time or publish it again; cancelling cancels its booking (the booker is
    told, by ``bookings.booking_cancel``)."""
    slot = AdviceSlot.objects.select_for_update().select_related("municipality").get(pk=slot.pk)
    if not permissions.may_offer(by, slot.municipality):
        raise PermissionDenied
    if status == slot.status:
        return slot
    workflow.check_move(workflow.SLOT_TRANSITIONS, AdviceSlot.Status, slot.status, status,
                        frozenset({workflow.OFFICER}))  # fmt: skip
    before = slot.status
    slot.status = status
    slot.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="advice_slot.status_changed",
        target=slot,
        municipality=slot.municipality,
        before={"status": before},
        after={"status": status},
    )
    if status == AdviceSlot.Status.CANCELLED:
        for booking in slot.bookings.filter(status=AdviceBooking.Status.BOOKED):
            bookings.booking_cancel(booking=booking, by=by)
    return slot

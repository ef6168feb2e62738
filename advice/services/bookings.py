"""Booking an advice time and cancelling it. A time takes one booking: its row is locked
(``select_for_update``) while its bookings are counted with ``portal.capacity`` (capacity
1), so two people booking the last time at once never both get it; the database's unique
constraint on a time's booked booking stands behind that. Every email goes through the
outbox; every move is checked against ``advice.workflow`` and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advice import permissions, workflow
from advice.calendar import booking_ics
from advice.models import AdviceBooking, AdviceSlot
from portal import capacity
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record

B = AdviceBooking.Status
BOOKED_KIND = "advice.booked"
OFFICER_KIND = "advice.booked_officer"
CANCELLED_KIND = "advice.cancelled"
CANCELLED_OFFICER_KIND = "advice.cancelled_officer"
REMINDER_KIND = "reminder.advice_tomorrow"


def context(booking: AdviceBooking) -> dict:
    slot = booking.slot
    return {
        "booking": booking,
        "slot": slot,
        "starts_at": timezone.localtime(slot.starts_at),
        "ends_at": timezone.localtime(slot.ends_at),
        "url": absolute_reverse("advice:booking", args=[booking.pk]),
        "admin_url": absolute_reverse("admin:advice_advicebooking_change", args=[booking.pk]),
        "slots_url": absolute_reverse("advice:slots", args=[slot.municipality.slug]),
    }


def _locked_slot(pk) -> AdviceSlot:
    return (
        AdviceSlot.objects.select_for_update(of=("self",))
        .select_related("municipality", "officer", "place")
        .get(pk=pk)
    )


def booking_problem(slot: AdviceSlot) -> str | None:
    """Why ``slot`` cannot be booked now (None: it can, when free)."""
    if slot.status != AdviceSlot.Status.PUBLISHED:
        return _("The advice time has been cancelled.")
    if slot.starts_at <= timezone.now():
        return _("The advice time has passed.")
    return None


def book(*, slot: AdviceSlot, by, question: str, organisation=None, contact_phone: str = ""):
    """Book ``slot`` for ``organisation`` (someone who applies for it or keeps its details)
    or for oneself. The booker gets a confirmation with the calendar file (the video link
    in it), the officer the question."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    if organisation is not None and not permissions.may_book_for(by, organisation):
        raise PermissionDenied
    problems = {}
    if not (question or "").strip():
        problems["question"] = _("Write your question, so the officer can prepare.")
    with transaction.atomic():
        slot = _locked_slot(slot.pk)
        if organisation is not None and organisation.municipality_id != slot.municipality_id:
            raise PermissionDenied
        if slot.mode == AdviceSlot.Mode.PHONE and not (contact_phone or "").strip():
            problems["contact_phone"] = _("Give the number the officer calls.")
        if problems:
            raise ValidationError(problems)
        problem = booking_problem(slot)
        if problem:
            raise ValidationError(problem)
        taken = capacity.taken(slot.bookings.filter(status=B.BOOKED), places_field=None)
        if not capacity.fits(1, taken, 1):
            raise ValidationError(
                _("Someone else has just booked this time. Choose another time."), code="taken"
            )
        booking = AdviceBooking.objects.create(
            slot=slot, organisation=organisation, booked_by=by, question=question.strip(),
            contact_phone=(contact_phone or "").strip(), status=workflow.CREATED_AS["booking"],
        )  # fmt: skip
        audit_record(
            actor=by,
            action="advice_booking.created",
            target=booking,
            municipality=slot.municipality,
            after={"slot": str(slot), "organisation": organisation.name if organisation else ""},
        )
        booking.slot = slot
        notify(
            kind=BOOKED_KIND,
            key=f"advice-booking:{booking.pk}:booked",
            template="advice/email/booked",
            context=context(booking),
            recipients=[by],
            municipality=slot.municipality,
            attachment=("radgivning.ics", booking_ics(booking), "text/calendar"),
        )
        notify(
            kind=OFFICER_KIND,
            key=f"advice-booking:{booking.pk}:officer",
            template="advice/email/booked_officer",
            context=context(booking),
            recipients=[slot.officer],
            municipality=slot.municipality,
        )
    return booking


def booker_kinds(user, booking: AdviceBooking) -> frozenset:
    kinds = set()
    if booking.booked_by_id == getattr(user, "pk", None) or (
        booking.organisation_id and permissions.may_book_for(user, booking.organisation)
    ):
        kinds.add(workflow.BOOKER)
    if permissions.may_offer(user, booking.slot.municipality_id):
        kinds.add(workflow.OFFICER)
    return frozenset(kinds)


def booking_cancel(*, booking: AdviceBooking, by) -> AdviceBooking:
    """Cancel a booking, by the booker (the officer is told) or the officer (the booker is
    told); cancelling twice changes nothing. The time is free to book again."""
    with transaction.atomic():
        slot = _locked_slot(booking.slot_id)
        booking = (
            AdviceBooking.objects.select_for_update(of=("self",))
            .select_related("organisation", "booked_by")
            .get(pk=booking.pk)
        )
        booking.slot = slot
        kinds = booker_kinds(by, booking)
        if not kinds:
            raise PermissionDenied
        if booking.status == B.CANCELLED:
            return booking
        if slot.starts_at <= timezone.now():
            raise ValidationError(_("The advice time has passed."))
        workflow.check_move(workflow.BOOKING_TRANSITIONS, B, booking.status, B.CANCELLED, kinds)
        booking.status, booking.cancelled_at, booking.cancelled_by = B.CANCELLED, timezone.now(), by
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        by_booker = workflow.BOOKER in kinds and by.pk != slot.officer_id
        audit_record(
            actor=by,
            action="advice_booking.status_changed",
            target=booking,
            municipality=slot.municipality,
            before={"status": B.BOOKED},
            after={"status": B.CANCELLED, "by": "booker" if by_booker else "officer"},
        )
        if by_booker:
            notify(
                kind=CANCELLED_OFFICER_KIND,
                key=f"advice-booking:{booking.pk}:cancelled",
                template="advice/email/cancelled_officer",
                context=context(booking),
                recipients=[slot.officer],
                municipality=slot.municipality,
            )
        else:
            notify(
                kind=CANCELLED_KIND,
                key=f"advice-booking:{booking.pk}:cancelled",
                template="advice/email/cancelled",
                context=context(booking),
                recipients=[booking.booked_by],
                municipality=slot.municipality,
                attachment=("radgivning.ics", booking_ics(booking), "text/calendar"),
            )
    return booking

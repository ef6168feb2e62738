"""Reads of advice times: the free times of a municipality (with filters), a person's
bookings, and an officer's."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from advice import permissions
from advice.models import AdviceBooking, AdviceSlot
from organisations.permissions import APPLY, EDIT, organisations_where

B = AdviceBooking.Status


def _booked():
    return AdviceBooking.objects.filter(slot=OuterRef("pk"), status=B.BOOKED)


def free_slots(municipality, *, mode: str = "", focus_area=None) -> QuerySet[AdviceSlot]:
    """Published, coming times nobody has booked, by time."""
    slots = (
        AdviceSlot.objects.filter(
            municipality=municipality,
            status=AdviceSlot.Status.PUBLISHED,
            starts_at__gt=timezone.now(),
        )
        .exclude(Exists(_booked()))
        .select_related("officer", "administration", "place")
        .prefetch_related("focus_areas")
        .order_by("starts_at", "pk")
    )
    if mode:
        slots = slots.filter(mode=mode)
    if focus_area is not None:
        slots = slots.filter(focus_areas=focus_area)
    return slots


def is_free(slot: AdviceSlot) -> bool:
    return not slot.bookings.filter(status=B.BOOKED).exists()


def bookings_of(user) -> QuerySet[AdviceBooking]:
    """The person's bookings and their organisations' (those they may book for)."""
    if not getattr(user, "is_authenticated", False):
        return AdviceBooking.objects.none()
    organisations = organisations_where(user, APPLY) | organisations_where(user, EDIT)
    return (
        AdviceBooking.objects.filter(
            Q(booked_by=user) | Q(organisation__in=organisations.values("pk"))
        )
        .select_related("slot__municipality", "slot__officer", "slot__place", "organisation")
        .distinct()
        .order_by("slot__starts_at", "pk")
    )


def coming_bookings_of(user) -> QuerySet[AdviceBooking]:
    return bookings_of(user).filter(status=B.BOOKED, slot__ends_at__gte=timezone.now())


def booking_for_viewer(user, pk) -> AdviceBooking | None:
    """A booking the user booked, acts for, or handles as an officer; None otherwise."""
    booking = (
        AdviceBooking.objects.select_related(
            "slot__municipality", "slot__officer", "slot__place", "organisation", "booked_by"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None or not getattr(user, "is_authenticated", False):
        return None
    if booking.booked_by_id == user.pk:
        return booking
    if booking.organisation_id and permissions.may_book_for(user, booking.organisation):
        return booking
    if permissions.may_offer(user, booking.slot.municipality_id):
        return booking
    return None

"""Advice times' part of a person's data rights (``portal.gdpr``), registered from
``AdviceConfig.ready()``: their bookings (with the questions) in the export; on erasure
their coming bookings are cancelled (the officer told) and all of them deleted. Officers'
own times stay (the municipality's), their name goes with the account."""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from advice.models import AdviceBooking
from advice.services import bookings
from portal.gdpr import erasure, export
from portal.gdpr.export import iso


@export.section
def advice(user) -> dict:
    return {
        "advice_bookings": [
            {
                "time": iso(b.slot.starts_at),
                "topic": b.slot.title,
                "organisation": b.organisation.name if b.organisation_id else "",
                "question": b.question,
                "phone": b.contact_phone,
                "status": b.status,
                "booked_at": iso(b.created_at),
            }
            for b in AdviceBooking.objects.filter(booked_by=user)
            .select_related("slot", "organisation")
            .order_by("pk")
        ]
    }


@erasure.step
def remove_advice_bookings(user) -> dict:
    mine = AdviceBooking.objects.filter(booked_by=user)
    for booking in mine.filter(status="booked", slot__starts_at__gt=timezone.now()):
        with suppress(ValidationError, PermissionDenied):
            bookings.booking_cancel(booking=booking, by=user)
    return {"advice_bookings": mine.delete()[0]}

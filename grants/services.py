"""Writes of the grants app. Diarienummer allocation lives here; applications follow."""

from django.db import transaction

from grants.models import DiarySequence


def diarienummer_next(*, committee, year: int) -> str:
    """Allocate the next registration number, e.g. ``KFN 2026/17``.

    Must run inside the transaction that stores the submission: the sequence row stays
    locked until it commits, and a rollback gives the number back, so numbers are unique
    and gap-free however many applicants submit at once.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("diarienummer_next() must be called inside transaction.atomic().")
    DiarySequence.objects.bulk_create(
        [DiarySequence(committee=committee, year=year)], ignore_conflicts=True
    )
    sequence = DiarySequence.objects.select_for_update().get(committee=committee, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{committee.abbreviation} {year}/{sequence.last_number}"

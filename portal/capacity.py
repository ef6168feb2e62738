"""Places and a waiting list, shared by everything people sign up for (network meetings,
volunteer shifts, open forums): one set of rules, so a meeting and a shift count alike.

The caller locks the row that holds the capacity (``select_for_update``) and the bookings it
counts, inside one transaction; these functions then decide. Answers given at the same
moment are thereby serialised and a capacity is never exceeded."""

from collections.abc import Callable, Iterable
from operator import attrgetter

from django.db.models import QuerySet, Sum


def taken(bookings: QuerySet, *, exclude_pk=None, places_field: str = "places") -> int:
    """Places held by ``bookings`` (already filtered to those that hold a place), leaving
    out the booking being changed."""
    if exclude_pk is not None:
        bookings = bookings.exclude(pk=exclude_pk)
    if places_field is None:
        return bookings.count()
    return bookings.aggregate(total=Sum(places_field, default=0))["total"]


def free(capacity: int | None, places_taken: int) -> int | None:
    """Places left (never below 0); ``None`` when there is no limit."""
    if capacity is None:
        return None
    return max(capacity - places_taken, 0)


def fits(capacity: int | None, places_taken: int, wanted: int) -> bool:
    """Whether ``wanted`` more places fit."""
    return capacity is None or wanted <= capacity - places_taken


def promote_waiting(
    *,
    capacity: int | None,
    places_taken: int,
    waiting: Iterable,
    admit: Callable[[object], None],
    size: Callable[[object], int] = attrgetter("places"),
) -> list:
    """Give freed places to the waiting list in order (``waiting`` is ordered and locked by
    the caller): each one whose party fits is admitted, one that does not fit is passed
    over for a smaller one behind it. Returns those admitted."""
    if capacity is None:
        return []
    left = capacity - places_taken
    admitted = []
    for candidate in waiting:
        if left <= 0:
            break
        if size(candidate) <= left:
            admit(candidate)
            admitted.append(candidate)
            left -= size(candidate)
    return admitted

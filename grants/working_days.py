"""Swedish working days (arbetsdagar), for the promised decision time of micro-grants.

A working day is a weekday that is neither a public holiday (allmän helgdag) nor one of
the days the law treats as one (midsommarafton, julafton, nyårsafton: the ``holidays``
package's *de facto* category, see its ``Sweden`` class). The holidays come from the
maintained ``holidays`` package, not from a table of our own.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

COUNTRY = "SE"
CATEGORIES = (holidays.PUBLIC, holidays.DE_FACTO)


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, years=year, categories=CATEGORIES))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (which does not count itself): five
    working days after a Friday is the next Friday; after a Saturday, the Friday after."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _weekdays_up_to(day: date) -> int:
    """Weekdays (Monday–Friday) from an epoch Monday up to and including ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)  # 0001-01-01, day 1, is a Monday
    return weeks * 5 + min(rest, 5)


def _holidays_on_weekdays(start: date, end: date) -> int:
    """Holidays falling on a weekday in ``(start, end]``."""
    return sum(
        1
        for year in range(start.year, end.year + 1)
        for day in _holidays_of(year)
        if start < day <= end and day.weekday() < 5
    )


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative (the same count,
    the other way) when ``end`` is before ``start``. From a Thursday to the Friday: 1."""
    if end < start:
        return -working_days_between(end, start)
    weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
    return weekdays - _holidays_on_weekdays(start, end)


def days_left(promise: date, today: date) -> int:
    """Working days left until ``promise`` (0 on the day itself); negative once it has
    passed: how many working days late, at least 1 (a Saturday after a Friday promise is
    late, though no working day has passed)."""
    if promise >= today:
        return working_days_between(today, promise)
    return -max(1, working_days_between(promise, today))


def latest_start(days: int, *, promise_by: date) -> date:
    """The latest start (e.g. submission) date whose promise, ``days`` working days later,
    falls on or before ``promise_by``: every later start is promised after it."""
    start = promise_by
    while add_working_days(start, days) > promise_by:
        start -= timedelta(days=1)
    return start

"""Swedish working days (grants.working_days): weekends, public holidays and the days the law
treats as holidays (midsommarafton, julafton, nyårsafton), from the `holidays` package."""

from datetime import date, timedelta

import pytest

from grants.working_days import (
    add_working_days,
    days_left,
    is_working_day,
    latest_start,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 6, 18), True),  # Thursday before midsummer
        (date(2026, 6, 19), False),  # midsommarafton (de facto holiday)
        (date(2026, 6, 20), False),  # midsommardagen, a Saturday
        (date(2026, 12, 24), False),  # julafton
        (date(2026, 12, 31), False),  # nyårsafton
        (date(2026, 1, 6), False),  # trettondedag jul
        (date(2026, 4, 3), False),  # långfredag
        (date(2026, 4, 6), False),  # annandag påsk
        (date(2026, 5, 14), False),  # Kristi himmelsfärd
        (date(2026, 6, 6), False),  # nationaldagen (a Saturday in 2026)
        (date(2027, 6, 7), True),  # an ordinary Monday
        (date(2026, 3, 7), False),  # a Saturday
    ],
)
def test_working_days_follow_the_swedish_calendar(day, working):
    assert is_working_day(day) is working


def test_adding_working_days_skips_weekends_and_holidays():
    assert add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)  # Friday → Friday
    assert add_working_days(date(2026, 3, 7), 5) == date(2026, 3, 13)  # Saturday → Friday
    assert add_working_days(date(2026, 6, 18), 5) == date(2026, 6, 26)  # over midsummer
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)  # over Christmas
    assert add_working_days(date(2026, 4, 1), 2) == date(2026, 4, 7)  # over Easter
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 3, 9), -1)


def test_counting_working_days_between_dates_agrees_with_walking_them():
    def walked(start, end):
        if end < start:
            return -walked(end, start)
        return sum(is_working_day(start + timedelta(n)) for n in range(1, (end - start).days + 1))

    start = date(2025, 12, 1)
    for offset in range(0, 800, 7):
        for length in (-40, -3, 0, 1, 2, 5, 9, 31, 380):
            a = start + timedelta(days=offset)
            b = a + timedelta(days=length)
            assert working_days_between(a, b) == walked(a, b), (a, b)
    assert working_days_between(date(2026, 3, 12), date(2026, 3, 13)) == 1  # Thu → Fri
    assert working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1  # Fri → Mon


def test_days_left_to_a_promise_and_days_late():
    friday = date(2026, 3, 13)
    assert days_left(friday, date(2026, 3, 9)) == 4  # Monday: Tue, Wed, Thu, Fri
    assert days_left(friday, friday) == 0  # the day itself
    assert days_left(friday, date(2026, 3, 14)) == -1  # a Saturday after: late already
    assert days_left(friday, date(2026, 3, 16)) == -1  # Monday: one working day late
    assert days_left(friday, date(2026, 3, 18)) == -3


def test_latest_start_is_the_last_day_whose_promise_is_in_time():
    for days in (1, 3, 5, 10):
        for offset in range(0, 60):
            promise_by = date(2026, 5, 25) + timedelta(days=offset)
            start = latest_start(days, promise_by=promise_by)
            assert add_working_days(start, days) <= promise_by
            assert add_working_days(start + timedelta(days=1), days) > promise_by

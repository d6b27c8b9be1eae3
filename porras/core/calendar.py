"""The Finnish working-day calendar (arkipäivä).

A working day is Monday to Friday and not a public holiday, Christmas Eve or
Midsummer Eve (laki säädettyjen määräaikain laskemisesta 150/1930). The
`holidays` package's Finland calendar carries both eves.
"""

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.Finland(years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def days_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every calendar day from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def working_days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [day for day in days_between(first, last) if is_working_day(day)]


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start`; with 0, `start` itself if it is a working day.

    "Within 7 working days of arrival" counts from the day after arrival
    (laki säädettyjen määräaikain laskemisesta 150/1930, 2 §).
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    if count == 0:
        return day if is_working_day(day) else next_working_day(day)
    for _ in range(count):
        day = next_working_day(day)
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31.1. → 28.2.)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day))


def on_or_after_working_day(day: dt.date) -> dt.date:
    """A deadline that falls on a day off moves to the next working day (150/1930, 5 §)."""
    return day if is_working_day(day) else next_working_day(day)


def working_days_after(start: dt.date, end: dt.date) -> int:
    """How many working days lie after `start` up to and including `end`."""
    if end <= start:
        return 0
    return len(working_days_between(start + dt.timedelta(days=1), end))

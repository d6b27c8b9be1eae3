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

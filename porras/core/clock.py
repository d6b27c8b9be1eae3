"""The one place Porras asks for the time, so tests can freeze it.

Times are stored in UTC and shown in Europe/Helsinki; `today()` is the local
(Helsinki) date, which is what working-day deadlines count from.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

# Set by tests (frozen time) and by the demo generator (`travel`); None in real use.
_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    return _fixed if _fixed is not None else timezone.now()


@contextmanager
def travel(moment: dt.datetime) -> Iterator[None]:
    """Run a block as if it were `moment` (the demo generator replays a quarter)."""
    global _fixed
    previous, _fixed = _fixed, moment
    try:
        yield
    finally:
        _fixed = previous


def today() -> dt.date:
    return timezone.localdate(now())


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week that contains `day`."""
    return day - dt.timedelta(days=day.weekday())

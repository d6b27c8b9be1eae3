"""The one place Porras asks for the time, so tests can freeze it.

Times are stored in UTC and shown in Europe/Helsinki; `today()` is the local
(Helsinki) date, which is what working-day deadlines count from.
"""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week that contains `day`."""
    return day - dt.timedelta(days=day.weekday())

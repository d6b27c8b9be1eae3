import datetime as dt

import pytest

from porras.core import calendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 11, 25), True),  # an ordinary Wednesday
        (dt.date(2026, 11, 28), False),  # Saturday
        (dt.date(2026, 12, 24), False),  # Christmas Eve
        (dt.date(2026, 12, 25), False),  # Christmas Day
        (dt.date(2026, 12, 28), True),
        (dt.date(2026, 6, 19), False),  # Midsummer Eve
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 5, 14), False),  # Ascension Day
        (dt.date(2026, 12, 7), True),  # Monday after Independence Day (a Sunday)
        (dt.date(2027, 1, 6), False),  # Epiphany
    ],
)
def test_finnish_working_days(day, working):
    assert calendar.is_working_day(day) is working


def test_working_days_of_christmas_week():
    days = calendar.working_days_between(dt.date(2026, 12, 21), dt.date(2026, 12, 27))
    assert days == [dt.date(2026, 12, 21), dt.date(2026, 12, 22), dt.date(2026, 12, 23)]

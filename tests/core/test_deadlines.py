"""Due dates checked by hand against the Finnish calendar of 2025–2027, and invariants."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from porras.core import calendar
from porras.core.deadlines import due_date

D = dt.date


HAND_CHECKED = [
    # 7 working days (§ 14 a), ordinary weeks
    ("income_support_decision", D(2026, 11, 25), D(2026, 12, 4)),
    ("income_support_decision", D(2026, 11, 28), D(2026, 12, 8)),  # arrived on Saturday
    # Independence Day 6.12.2025 is a Saturday; 2027 it is a Monday
    ("income_support_decision", D(2027, 12, 1), D(2027, 12, 13)),
    # Easter 2025: Good Friday 18.4., Easter Monday 21.4.
    ("income_support_decision", D(2025, 4, 16), D(2025, 4, 29)),
    # Easter 2026: 3.4. and 6.4.
    ("income_support_decision", D(2026, 4, 1), D(2026, 4, 14)),
    # Easter 2027: 26.3. and 29.3.
    ("income_support_decision", D(2027, 3, 24), D(2027, 4, 6)),
    # May Day and Ascension 2026 (1.5. Fri, 14.5. Thu)
    ("income_support_decision", D(2026, 4, 30), D(2026, 5, 12)),
    ("income_support_decision", D(2026, 5, 11), D(2026, 5, 21)),
    # Midsummer 2025: Eve Fri 20.6.; 2026: Eve Fri 19.6.; 2027: Eve Fri 25.6.
    ("income_support_decision", D(2025, 6, 17), D(2025, 6, 27)),
    ("income_support_decision", D(2026, 6, 16), D(2026, 6, 26)),
    ("income_support_decision", D(2027, 6, 22), D(2027, 7, 2)),
    # Christmas and New Year: 2025 (24.–26.12. Wed–Fri, 1.1. Thu, 6.1. Tue)
    ("income_support_decision", D(2025, 12, 22), D(2026, 1, 7)),
    ("income_support_decision", D(2025, 12, 30), D(2026, 1, 12)),
    # 2026: 24.–25.12. Thu–Fri, 26.12. Sat; 1.1.2027 Fri; 6.1.2027 Wed
    ("income_support_decision", D(2026, 12, 23), D(2027, 1, 7)),
    # 2027: 24.12. Fri, 25.–26.12. weekend; 31.12. Fri; 1.1.2028 Sat
    ("income_support_decision", D(2027, 12, 23), D(2028, 1, 4)),
    ("income_support_completed", D(2026, 12, 23), D(2027, 1, 7)),
    # § 14 b: the same or next working day
    ("income_support_urgent", D(2026, 11, 25), D(2026, 11, 26)),
    ("income_support_urgent", D(2026, 11, 27), D(2026, 11, 30)),  # Friday → Monday
    ("income_support_urgent", D(2026, 12, 23), D(2026, 12, 28)),  # before Christmas
    ("income_support_urgent", D(2027, 6, 24), D(2027, 6, 28)),  # Thursday before Midsummer
    ("income_support_urgent", D(2025, 4, 17), D(2025, 4, 22)),  # Maundy Thursday
    # § 14 d and § 36
    ("personal_discussion", D(2026, 12, 31), D(2027, 1, 13)),
    ("assessment_start_statutory", D(2027, 4, 1), D(2027, 4, 12)),
    # Urgent help: today, or the next working day when it arrived on a holiday
    ("urgent_help", D(2026, 11, 25), D(2026, 11, 25)),
    ("urgent_help", D(2026, 12, 24), D(2026, 12, 28)),
]


@pytest.mark.parametrize(("rule", "start", "due"), HAND_CHECKED)
def test_hand_checked_due_dates(rule, start, due):
    assert due_date(rule, start).due_date == due


def test_county_target_needs_its_days():
    assert due_date("county_target", D(2026, 11, 25), target_working_days=5).due_date == D(
        2026, 12, 2
    )
    with pytest.raises(ValueError):
        due_date("county_target", D(2026, 11, 25))


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31))


@given(start=days, count=st.integers(min_value=1, max_value=40))
def test_due_date_is_the_nth_working_day_after_start(start, count):
    due = calendar.add_working_days(start, count)
    assert calendar.is_working_day(due)
    assert due > start
    assert calendar.working_days_after(start, due) == count


@given(first=days, second=days, count=st.integers(min_value=0, max_value=20))
def test_later_start_never_gives_earlier_due_date(first, second, count):
    early, late = sorted((first, second))
    assert calendar.add_working_days(early, count) <= calendar.add_working_days(late, count)


@given(start=days)
def test_zero_days_is_today_or_the_next_working_day(start):
    due = calendar.add_working_days(start, 0)
    assert calendar.is_working_day(due)
    assert due == start or (
        not calendar.is_working_day(start)
        and due > start
        and calendar.working_days_after(start, due) == 1
    )

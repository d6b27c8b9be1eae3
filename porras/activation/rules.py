"""The limits of the Act on Rehabilitative Work Activity (189/2001) as plain functions:
each returns the refusals as {field: message}, so that the form, the API and the service
name the same limit in the same words."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from porras.core import calendar

# § 13: a period of 3–24 months; 1–4 days a calendar week; 4–8 hours a day.
MIN_MONTHS, MAX_MONTHS = 3, 24
MIN_DAYS, MAX_DAYS = 1, 4
MIN_HOURS, MAX_HOURS = Decimal(4), Decimal(8)
MAX_WEEK_HOURS = MAX_DAYS * MAX_HOURS
# § 2 a: the activation plan is reviewed when 24 months of activity are reached.
REVIEW_AFTER_MONTHS = 24
# A change of the weekly duration by a full day's hours or more is substantial (§ 2 a).
SUBSTANTIAL_WEEKLY_CHANGE = MAX_HOURS


@dataclass(frozen=True)
class Week:
    """The weekly schedule from a day on."""

    starts_on: dt.date
    days_per_week: int
    hours_per_day: Decimal

    @property
    def weekly_hours(self) -> Decimal:
        return self.days_per_week * self.hours_per_day


def ends_on(starts_on: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` months."""
    return calendar.add_months(starts_on, months) - dt.timedelta(days=1)


def period_problems(months, *, consecutive: bool = False) -> dict:
    if months is None:
        return {"months": _("Give the length of the period in months.")}
    if months < MIN_MONTHS:
        if consecutive:
            return {
                "months": _(
                    "A consecutive period is again at least %(min)s months (Act on "
                    "Rehabilitative Work Activity, section 13)."
                )
                % {"min": MIN_MONTHS}
            }
        return {
            "months": _(
                "A period of work activity is at least %(min)s months (Act on Rehabilitative "
                "Work Activity, section 13)."
            )
            % {"min": MIN_MONTHS}
        }
    if months > MAX_MONTHS:
        return {
            "months": _(
                "A period of work activity is at most %(max)s months at a time; continue with "
                "a consecutive period (Act on Rehabilitative Work Activity, section 13)."
            )
            % {"max": MAX_MONTHS}
        }
    return {}


def week_problems(days, hours, *, prefix: str = "") -> dict:
    problems = {}
    if days is None or not MIN_DAYS <= days <= MAX_DAYS:
        problems[f"{prefix}days_per_week"] = _(
            "Work activity is at least %(min)s and at most %(max)s days a calendar week (Act on "
            "Rehabilitative Work Activity, section 13)."
        ) % {"min": MIN_DAYS, "max": MAX_DAYS}
    if hours is None or not MIN_HOURS <= Decimal(hours) <= MAX_HOURS:
        problems[f"{prefix}hours_per_day"] = _(
            "Work activity is at least %(min)s and at most %(max)s hours a day, so at most "
            "%(week)s hours a week (Act on Rehabilitative Work Activity, section 13)."
        ) % {"min": MIN_HOURS, "max": MAX_HOURS, "week": MAX_WEEK_HOURS}
    return problems


def schedule_problems(starts_on: dt.date, last_day: dt.date, changes: list[Week]) -> dict:
    """Changes of the weekly schedule fall inside the period, in order, one per day."""
    problems = {}
    previous = starts_on
    for index, change in enumerate(changes):
        prefix = f"change_{index + 1}_"
        problems |= week_problems(change.days_per_week, change.hours_per_day, prefix=prefix)
        if not previous < change.starts_on <= last_day:
            problems[f"{prefix}starts_on"] = _(
                "A change of the weekly schedule starts inside the period, after the start "
                "and after the previous change."
            )
        previous = change.starts_on
    return problems


def week_of(day: dt.date, base: Week, changes: list[Week]) -> Week:
    """The schedule in force on `day`."""
    current = base
    for change in changes:
        if change.starts_on <= day:
            current = change
    return current


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from `first` to `last` inclusive (how far a chain of periods reached)."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if calendar.add_months(first, months) > last + dt.timedelta(days=1):
        months -= 1
    return months


def travel_cost(days: int, fare_per_day: Decimal, monthly_ticket: Decimal | None) -> Decimal:
    """Travel at the cheapest fare: single fares for the days, or the monthly ticket when
    that is cheaper."""
    by_day = days * fare_per_day
    if monthly_ticket is not None and days and monthly_ticket < by_day:
        return monthly_ticket
    return by_day

"""The deadline engine: due dates from the legal rule, the start date and the calendar.

Every due date in Porras comes from `due_date()`; nobody types one in. The
working-day arithmetic is `core.calendar` (Finnish holidays, Christmas Eve
and Midsummer Eve are not working days).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from porras.core import calendar


@dataclass(frozen=True)
class Rule:
    code: str
    label: object
    working_days: int | None  # None: the county's own target decides
    in_months: bool = False  # the target is counted in calendar months, not working days
    # Counted in calendar days; a last day that is not a working day moves to the next
    # working day (Act on the Calculation of Statutory Time Limits 150/1930, section 5).
    calendar_days: int | None = None


RULES = {
    rule.code: rule
    for rule in (
        Rule(
            "income_support_decision",
            _(
                "Income support decision at the latest on the 7th working day after the "
                "application arrived (Act on Income Support 1412/1997, section 14 a, "
                "subsection 1)"
            ),
            7,
        ),
        Rule(
            "income_support_completed",
            _(
                "Income support decision at the latest on the 7th working day after the "
                "completed application arrived (section 14 a, subsection 3)"
            ),
            7,
        ),
        Rule(
            "income_support_urgent",
            _(
                "Urgent income support decided on the same or the next working day "
                "(section 14 a, subsection 1)"
            ),
            1,
        ),
        Rule(
            "personal_discussion",
            _("Personal discussion within 7 working days of the client's request (section 14 e)"),
            7,
        ),
        Rule(
            "assessment_start_statutory",
            _(
                "Service need assessment starts within 7 working days: person over 75, "
                "highest care allowance or disabled person (Social Welfare Act 1301/2014, "
                "section 36)"
            ),
            7,
        ),
        Rule(
            "urgent_help",
            _("Need for urgent help assessed immediately (Social Welfare Act, section 36)"),
            0,
        ),
        Rule(
            "assessment_completion",
            _(
                "Service need assessment completed without undue delay: the county's target "
                "(Social Welfare Act, section 36)"
            ),
            None,
            in_months=True,
        ),
        Rule(
            "plan_review",
            _(
                "Client plan reviewed on the agreed date, at least once a year "
                "(Social Welfare Act, section 39)"
            ),
            None,
            in_months=True,
        ),
        Rule("county_target", _("The county's service target"), None),
        Rule(
            "service_implementation",
            _(
                "A granted service implemented at the latest 3 months after the matter became "
                "pending (Social Welfare Act, section 45)"
            ),
            None,
            in_months=True,
        ),
        Rule(
            "rectification_request",
            _(
                "Request for rectification within 30 days of receiving the decision "
                "(Administrative Procedure Act 434/2003, section 49 c)"
            ),
            None,
            calendar_days=30,
        ),
    )
}

# A client plan is reviewed at least once a year (seed 003): no review date later than this.
PLAN_REVIEW_MAX_MONTHS = 12


@dataclass(frozen=True)
class Deadline:
    due_date: dt.date
    rule: str

    @property
    def label(self):
        return RULES[self.rule].label


def due_date(
    rule: str,
    start: dt.date,
    *,
    target_working_days: int | None = None,
    target_months: int | None = None,
) -> Deadline:
    """The due date of `rule` for a matter that started (arrived, was completed) on `start`."""
    spec = RULES[rule]
    if spec.calendar_days is not None:
        due = start + dt.timedelta(days=spec.calendar_days)
        return Deadline(calendar.on_or_after_working_day(due), rule)
    if spec.in_months:
        if target_months is None:
            raise ValueError(f"rule {rule} needs the county's target in months")
        due = calendar.add_months(start, target_months)
        return Deadline(calendar.on_or_after_working_day(due), rule)
    days = spec.working_days if spec.working_days is not None else target_working_days
    if days is None:
        raise ValueError(f"rule {rule} needs the county's target in working days")
    return Deadline(calendar.add_working_days(start, days), rule)


def waiting_working_days(start: dt.date, today: dt.date) -> int:
    return calendar.working_days_after(start, today)

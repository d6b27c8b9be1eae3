"""The deadlines board: the open legal deadlines of a team's matters and cases that are
overdue, due today or due later this week, counted per worker and per rule. Counts only:
the board names no client (each worker's own list does, to them)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from porras.casework.casefile.selectors import open_deadlines
from porras.casework.models import Case, CaseStatus
from porras.core import clock, deadlines
from porras.insight.traces import Scope
from porras.intake.models import OPEN_STATUSES, IntakeItem
from porras.people.models import Worker

BUCKETS = ("overdue", "today", "this_week")


@dataclass
class Line:
    """One worker's (or the unclaimed queue's) deadlines by bucket, and by rule."""

    worker: Worker | None
    counts: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def bucket(due: dt.date, today: dt.date) -> str | None:
    sunday = clock.week_start(today) + dt.timedelta(days=6)
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due <= sunday:
        return "this_week"
    return None


def board(scope: Scope, today: dt.date | None = None) -> dict:
    """Lines per worker (the queue first), totals per bucket and per rule."""
    today = today or clock.today()
    sunday = clock.week_start(today) + dt.timedelta(days=6)
    items = IntakeItem.objects.filter(county_id=scope.county_id, status__in=OPEN_STATUSES)
    cases = Case.objects.filter(county_id=scope.county_id, status=CaseStatus.OPEN)
    if scope.team_id is not None:
        items = items.filter(team_id=scope.team_id)
        cases = cases.filter(team_id=scope.team_id)
    found: list[tuple[int | None, str, dt.date]] = []
    for holder, due, rule, talk_due, talk_held in items.filter(
        Q(due_date__lte=sunday) | Q(discussion_due__lte=sunday, discussion_held_on__isnull=True)
    ).values_list("claimed_by_id", "due_date", "due_rule", "discussion_due", "discussion_held_on"):
        if due and due <= sunday:
            found.append((holder, rule or "county_target", due))
        if talk_due and not talk_held and talk_due <= sunday:
            found.append((holder, "personal_discussion", talk_due))
    open_cases = list(cases.only("pk", "status", "responsible_id", "assessment_start_due"))
    case_deadlines = open_deadlines(open_cases, today)
    for case in open_cases:
        for deadline in case_deadlines[case.pk]:
            if deadline.due <= sunday:
                found.append((case.responsible_id, deadline.rule, deadline.due))
    workers = Worker.objects.in_bulk({holder for holder, _rule, _due in found if holder})
    lines: dict[int | None, Line] = {}
    totals, by_rule = Counter(), Counter()
    for holder, rule, due in found:
        where = bucket(due, today)
        line = lines.setdefault(holder, Line(workers.get(holder)))
        line.counts[where] += 1
        line.rules[rule] += 1
        totals[where] += 1
        by_rule[(rule, where)] += 1
    ordered = sorted(
        lines.values(),
        key=lambda line: (line.worker is not None, -line.counts["overdue"], str(line.worker)),
    )
    return {
        "today": today,
        "sunday": sunday,
        "lines": ordered,
        "totals": totals,
        "rules": [
            {
                "rule": rule,
                "label": deadlines.RULES[rule].label,
                **{name: by_rule[(rule, name)] for name in BUCKETS},
            }
            for rule in sorted({rule for rule, _where in by_rule})
        ],
    }

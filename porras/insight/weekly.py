"""The weekly team table for the team meeting (seed 001): the client flow week by week.

Every figure comes from the event log, grouped by the ISO week of the step in Helsinki
time, in a fixed number of queries whatever the period's length. A cell keeps its facts
(a count, or a numerator and denominator, or the days behind a median); the page and the
files make the sentence in the reader's language.
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porras.activation.models import Attendance, WorkActivityPlan, WorkPlanStatus
from porras.casework.models import Case, CaseStatus
from porras.casework.selectors import load_by_worker, per_fte
from porras.core import clock, deadlines
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.insight import aggregates
from porras.insight.traces import Scope
from porras.intake.models import IntakeItem, Kind, Outcome
from porras.people.models import Role, Worker

A = Activity
# Rows that count one activity each, in the order a matter meets them.
COUNTED = (
    ("assigned", A.CASE_OPENED, _("Cases opened")),
    ("pta_started", A.ASSESSMENT_STARTED, _("Service need assessments started")),
    ("pta_completed", A.ASSESSMENT_COMPLETED, _("Service need assessments completed")),
    ("plans", A.PLAN_MADE, _("Client plans made")),
    ("reviews", A.PLAN_REVIEWED, _("Client plans reviewed")),
    ("closures", A.CASE_CLOSED, _("Cases closed")),
    ("consultations", A.CASE_CONSULTATION_ASKED, _("Consultations asked")),
    ("decisions", A.DECISION_MADE, _("Decisions made")),
)
GUIDANCE_ENDINGS = (Outcome.RESOLVED, Outcome.REFERRED, Outcome.NOT_REACHED, Outcome.REFUSED)
CASE_WORKER_ROLES = (Role.COUNSELLOR, Role.SOCIAL_WORKER)


@dataclass
class Cell:
    """One week's (or period's) figure: a count; a share (part of whole); or the waits in
    days behind a median and 90th percentile."""

    count: int | None = None
    part: int | None = None
    whole: int | None = None
    waits: list[float] | None = None

    @property
    def share(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.waits) if self.waits else None

    @property
    def p90(self) -> float | None:
        return _percentile(sorted(self.waits), 0.9) if self.waits else None

    def value(self, kind: str) -> float | None:
        """The cell as one number: the count, the share (0–1) or the median days."""
        return {"count": self.count, "share": self.share}.get(kind, self.median)

    @classmethod
    def total(cls, cells: list["Cell"]) -> "Cell":
        """The cells of several weeks as one: counts and shares added, waits pooled."""
        if any(cell.waits is not None for cell in cells):
            return cls(waits=[wait for cell in cells for wait in cell.waits or ()])
        if any(cell.whole is not None for cell in cells):
            return cls(
                part=sum(cell.part or 0 for cell in cells),
                whole=sum(cell.whole or 0 for cell in cells),
            )
        return cls(count=sum(cell.count or 0 for cell in cells))


@dataclass
class Row:
    key: str
    label: object
    kind: str  # count | share | days
    cells: list[Cell]
    group: object = ""


@dataclass
class Table:
    weeks: list[dt.date]
    rows: list[Row]


def weeks_of(since: dt.date, until: dt.date) -> list[dt.date]:
    monday, last = clock.week_start(since), clock.week_start(until)
    return [monday + dt.timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]


def weekly(scope: Scope) -> Table:
    weeks = weeks_of(scope.since, scope.until)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(weeks[0], dt.time(), tzinfo=zone)
    end = dt.datetime.combine(weeks[-1] + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    index = {monday: n for n, monday in enumerate(weeks)}

    def empty() -> list[Cell]:
        return [Cell() for _week in weeks]

    items = IntakeItem.objects.filter(county_id=scope.county_id)
    cases = Case.objects.filter(county_id=scope.county_id)
    if scope.team_id is not None:
        items = items.filter(team_id=scope.team_id)
        cases = cases.filter(team_id=scope.team_id)

    # Events per (week, activity, outcome, kind): the aggregates, and the newest live.
    counts = aggregates.counts(county_id=scope.county_id, team_id=scope.team_id, weeks=weeks)

    def activity_count(activity, outcomes=None) -> list[Cell]:
        cells = empty()
        for (week, code, outcome, _kind), n in counts.items():
            if code == activity and (outcomes is None or outcome in outcomes):
                cells[index[week]].count = (cells[index[week]].count or 0) + n
        for cell in cells:
            cell.count = cell.count or 0
        return cells

    rows: list[Row] = []
    received = {kind: empty() for kind in Kind}
    for (week, code, _outcome, kind), n in counts.items():
        if code == A.INTAKE_RECEIVED and kind in received:
            cell = received[kind][index[week]]
            cell.count = (cell.count or 0) + n
    for kind, cells in received.items():
        for cell in cells:
            cell.count = cell.count or 0
        rows.append(Row(f"received_{kind}", Kind(kind).label, "count", cells, _("Received")))

    first_contacts = empty()
    for cell in first_contacts:
        cell.count = 0
    reached = Event.objects.filter(
        county_id=scope.county_id,
        activity=A.INTAKE_CONTACT_ATTEMPTED,
        attributes__reached=True,
    )
    if scope.team_id is not None:
        reached = reached.filter(team_id=scope.team_id)
    for (at,) in _firsts(reached, "item_id", start, end).values_list("at"):
        first_contacts[index[clock.week_start(timezone.localdate(at, zone))]].count += 1
    rows.append(
        Row(
            "first_contacts",
            _("First contacts (client reached)"),
            "count",
            first_contacts,
            _("Service guidance"),
        )
    )

    ended = activity_count(A.INTAKE_CLOSED, GUIDANCE_ENDINGS)
    resolved = activity_count(A.INTAKE_CLOSED, (Outcome.RESOLVED,))
    referred = activity_count(A.INTAKE_CLOSED, (Outcome.REFERRED,))
    forwarded = activity_count(A.INTAKE_FORWARDED)
    shares = [
        Cell(part=r.count, whole=e.count + f.count)
        for r, e, f in zip(resolved, ended, forwarded, strict=True)
    ]
    rows += [
        Row("forwarded", _("Forwarded to distribution"), "count", forwarded, _("Service guidance")),
        Row(
            "resolved_share",
            _("Share resolved with guidance"),
            "share",
            shares,
            _("Service guidance"),
        ),
        Row("referred", _("Referred elsewhere"), "count", referred, _("Service guidance")),
    ]
    for key, activity, label in COUNTED:
        rows.append(Row(key, label, "count", activity_count(activity), _("Social work")))

    kept = activity_count(A.APPOINTMENT_KEPT)
    no_show = activity_count(A.APPOINTMENT_NO_SHOW)
    rows.append(
        Row(
            "no_show_rate",
            _("Share of appointments the client did not come to"),
            "share",
            [
                Cell(part=n.count, whole=n.count + k.count)
                for n, k in zip(no_show, kept, strict=True)
            ],
            _("Social work"),
        )
    )
    rows.append(
        Row(
            "first_appointment_wait",
            _("Wait from the matter to the first kept appointment, days"),
            "days",
            _first_appointment_waits(scope, weeks, start, end),
            _("Social work"),
        )
    )
    rows += _work_activity_rows(scope, weeks, activity_count)
    rows += _deadline_rows(items, cases, weeks, index)
    rows.append(
        Row(
            "open_cases",
            _("Open cases at the end of the week"),
            "count",
            _open_cases(cases, weeks, zone),
            _("Caseload"),
        )
    )
    return Table(weeks=weeks, rows=rows)


def _firsts(events, key: str, start, end):
    """The events in the period that are the first of their kind for their matter or
    case: bounded by the period, however many years the log holds."""
    earlier = events.filter(**{key: OuterRef(key)}).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id"))
    )
    return events.filter(at__gte=start, at__lt=end).exclude(Exists(earlier))


def _first_appointment_waits(scope, weeks, start, end) -> list[Cell]:
    """Per case whose first kept appointment falls in a week: the days from its matter
    arriving to that appointment."""
    base = Event.objects.filter(county_id=scope.county_id)
    if scope.team_id is not None:
        base = base.filter(team_id=scope.team_id)
    firsts = dict(
        _firsts(base.filter(activity=A.APPOINTMENT_KEPT), "case_id", start, end).values_list(
            "case_id", "at"
        )
    )
    opened_from = dict(
        Event.objects.filter(activity=A.CASE_OPENED, case_id__in=list(firsts))
        .exclude(item_id=None)
        .values_list("case_id", "item_id")
    )
    arrived = dict(
        Event.objects.filter(activity=A.INTAKE_RECEIVED, item_id__in=list(opened_from.values()))
        .values("item_id")
        .annotate(first=Min("at"))
        .values_list("item_id", "first")
    )
    waits: dict[dt.date, list[float]] = defaultdict(list)
    for case_id, first in firsts.items():
        received = arrived.get(opened_from.get(case_id))
        if received is not None:
            monday = clock.week_start(timezone.localdate(first))
            waits[monday].append((first - received).total_seconds() / 86400)
    return [Cell(waits=waits.get(monday, [])) for monday in weeks]


def _percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (as NumPy's default)."""
    position = (len(values) - 1) * share
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _deadline_rows(items, cases, weeks, index) -> list[Row]:
    """For each legal rule, of the deadlines that fell in a week and have passed, the share
    met: the matter left service guidance (or was decided), or the assessment started,
    on or before its due date."""
    today = clock.today()
    last = min(weeks[-1] + dt.timedelta(days=6), today - dt.timedelta(days=1))
    left = Event.objects.filter(
        item_id=OuterRef("pk"), activity__in=[A.INTAKE_FORWARDED, A.INTAKE_CLOSED]
    ).order_by("at")
    facts = [
        (due, rule, stopped)
        for due, rule, stopped in items.filter(due_date__gte=weeks[0], due_date__lte=last)
        .exclude(due_rule="")
        # A matter that became a case is measured by its case's assessment start below.
        .exclude(due_rule="assessment_start_statutory", cases__isnull=False)
        .annotate(stopped=Subquery(left.values("at")[:1]))
        .values_list("due_date", "due_rule", "stopped")
    ]
    started = Event.objects.filter(case_id=OuterRef("pk"), activity=A.ASSESSMENT_STARTED).order_by(
        "at"
    )
    facts += [
        (due, "assessment_start_statutory", stopped)
        for due, stopped in cases.filter(
            assessment_start_due__gte=weeks[0], assessment_start_due__lte=last
        )
        .annotate(stopped=Subquery(started.values("at")[:1]))
        .values_list("assessment_start_due", "stopped")
    ]
    by_rule: dict[str, list[Cell]] = {}
    for due, rule, stopped in facts:
        cells = by_rule.setdefault(rule, [Cell(part=0, whole=0) for _week in weeks])
        cell = cells[index[clock.week_start(due)]]
        cell.whole += 1
        if stopped is not None and timezone.localdate(stopped) <= due:
            cell.part += 1
    return [
        Row(f"deadline_{rule}", deadlines.RULES[rule].label, "share", cells, _("Deadlines met"))
        for rule, cells in sorted(by_rule.items())
    ]


def _work_activity_rows(scope, weeks, activity_count) -> list[Row]:
    """Rehabilitative work activity by week: periods agreed, participants who attended
    (present or absent), days of participation, and periods interrupted."""
    plans = WorkActivityPlan.objects.filter(county_id=scope.county_id)
    if scope.team_id is not None:
        plans = plans.filter(case__team_id=scope.team_id)
    attendance = Attendance.objects.filter(plan__in=plans)
    spans = [(m, m + dt.timedelta(days=6)) for m in weeks]
    figures = attendance.aggregate(
        **{
            f"p{n}": Count("plan__client_id", distinct=True, filter=Q(day__range=span))
            for n, span in enumerate(spans)
        },
        **{
            f"d{n}": Count("id", filter=Q(day__range=span, present=True))
            for n, span in enumerate(spans)
        },
    )
    interrupted = plans.filter(status=WorkPlanStatus.INTERRUPTED).aggregate(
        **{f"i{n}": Count("id", filter=Q(ended_on__range=span)) for n, span in enumerate(spans)}
    )
    group = _("Work activity")
    return [
        Row(
            "work_plans",
            _("Periods of work activity agreed"),
            "count",
            activity_count(A.WORK_PLAN_MADE),
            group,
        ),
        Row(
            "work_participants",
            _("Participants in work activity"),
            "count",
            [Cell(count=figures[f"p{n}"]) for n in range(len(weeks))],
            group,
        ),
        Row(
            "work_days",
            _("Days of work activity attended"),
            "count",
            [Cell(count=figures[f"d{n}"]) for n in range(len(weeks))],
            group,
        ),
        Row(
            "work_interrupted",
            _("Periods of work activity interrupted"),
            "count",
            [Cell(count=interrupted[f"i{n}"]) for n in range(len(weeks))],
            group,
        ),
    ]


def _open_cases(cases, weeks, zone) -> list[Cell]:
    ends = [dt.datetime.combine(m + dt.timedelta(days=7), dt.time(), tzinfo=zone) for m in weeks]
    figures = cases.aggregate(
        **{
            f"w{n}": Count(
                "id",
                filter=Q(opened_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end)),
            )
            for n, end in enumerate(ends)
        }
    )
    return [Cell(count=figures[f"w{n}"]) for n in range(len(weeks))]


def load_now(scope: Scope) -> list[dict]:
    """Each case worker's open cases and weighted load now (responsible or co-worker)."""
    workers = Worker.objects.filter(
        county_id=scope.county_id, role__in=CASE_WORKER_ROLES, is_active=True
    )
    if scope.team_id is not None:
        workers = workers.filter(memberships__team_id=scope.team_id)
    workers = list(workers.distinct().order_by("role", "last_name", "first_name"))
    if not workers:
        return []
    county = workers[0].county
    loads = load_by_worker(workers, county)
    open_counts = dict(
        Case.objects.filter(status=CaseStatus.OPEN, responsible__in=workers)
        .values("responsible_id")
        .annotate(n=Count("id"))
        .values_list("responsible_id", "n")
    )
    return [
        {
            "worker": worker,
            "role": worker.get_role_display(),
            "cases": open_counts.get(worker.pk, 0),
            "load": round(loads[worker.pk], 1),
            "per_fte": None
            if per_fte(loads[worker.pk], worker) == float("inf")
            else round(per_fte(loads[worker.pk], worker), 1),
        }
        for worker in workers
    ]

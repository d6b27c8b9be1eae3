"""Reads of the case file: open deadlines, the next appointment, the timeline, the
document list, a worker's cases by stage, overdue reviews, retention, and the figures
seed 001 measures (waiting time to the first kept appointment, no-shows) from events.

Every list function costs a fixed number of queries whatever the number of cases.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from porras.casework.models import (
    SHIPPED_PACKAGES,
    Appointment,
    AppointmentPurpose,
    AppointmentStatus,
    AssessmentStatus,
    Case,
    CasePackage,
    CaseStatus,
    ClientPlan,
    ClosureReason,
    DocumentType,
    PlanReview,
    PlanStatus,
    Quadrant,
    ServiceNeedAssessment,
    Stage,
)
from porras.casework.selectors import settings_for
from porras.core import calendar, clock, deadlines
from porras.core.textdiff import FieldChange, word_diff
from porras.decisions.models import Decision, DecisionType, Outcome
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.intake.models import IntakeItem, Track

# --- Deadlines ---


@dataclass(frozen=True)
class OpenDeadline:
    rule: str
    due: dt.date
    overdue: bool

    @property
    def label(self):
        return deadlines.RULES[self.rule].label


def open_deadlines(cases, today: dt.date | None = None) -> dict:
    """Every open deadline of each case, earliest first (six queries for any number):
    the statutory start of the assessment, its completion target, the plan's review, the
    implementation of granted services (SHL § 45) and the decision on a raised income
    support application (§ 14 a)."""
    today = today or clock.today()
    ids = [case.pk for case in cases]
    started = set(
        ServiceNeedAssessment.objects.filter(case_id__in=ids).values_list("case_id", flat=True)
    )
    in_progress = dict(
        ServiceNeedAssessment.objects.filter(
            case_id__in=ids, status=AssessmentStatus.IN_PROGRESS
        ).values_list("case_id", "completion_due")
    )
    reviews = dict(
        ClientPlan.objects.filter(case_id__in=ids, status=PlanStatus.IN_FORCE).values_list(
            "case_id", "review_due"
        )
    )
    # A raised income support application distributed to the case: decided by its
    # workers, under § 14 a's own deadline until a decision is made.
    applications = defaultdict(list)
    for case_id, item_id, due, rule in IntakeItem.cases.through.objects.filter(
        case_id__in=ids, intakeitem__track=Track.BENEFITS
    ).values_list("case_id", "intakeitem_id", "intakeitem__due_date", "intakeitem__due_rule"):
        applications[case_id].append((item_id, due, rule))
    decided = set(
        Decision.objects.filter(
            item_id__in=[item_id for rows in applications.values() for item_id, _d, _r in rows]
        ).values_list("item_id", flat=True)
    )
    services_due = defaultdict(list)
    for case_id, due in Decision.objects.filter(
        case_id__in=ids, implementation_due__isnull=False, implemented_on__isnull=True
    ).values_list("case_id", "implementation_due"):
        services_due[case_id].append(due)
    result = {}
    for case in cases:
        found = []
        if case.status == CaseStatus.OPEN:
            if case.assessment_start_due and case.pk not in started:
                found.append(("assessment_start_statutory", case.assessment_start_due))
            if case.pk in in_progress:
                found.append(("assessment_completion", in_progress[case.pk]))
            if reviews.get(case.pk):
                found.append(("plan_review", reviews[case.pk]))
            found += [("service_implementation", due) for due in services_due[case.pk]]
            found += [
                (rule, due)
                for item_id, due, rule in applications[case.pk]
                if item_id not in decided and due
            ]
        result[case.pk] = sorted(
            (OpenDeadline(rule, due, due < today) for rule, due in found), key=lambda d: d.due
        )
    return result


def next_appointments(cases, now: dt.datetime | None = None) -> dict:
    """The next booked appointment of each case (one query)."""
    now = now or clock.now()
    upcoming = {}
    for appointment in Appointment.objects.filter(
        case_id__in=[case.pk for case in cases],
        status=AppointmentStatus.BOOKED,
        starts_at__gte=now - dt.timedelta(hours=1),
    ).order_by("starts_at"):
        upcoming.setdefault(appointment.case_id, appointment)
    return upcoming


# --- The case page ---


def case_timeline(case: Case) -> QuerySet[Event]:
    """Every step of the case from intake on, oldest first: the events of the matters it
    grew from and of the case itself."""
    origin_ids = list(case.origin_items.values_list("pk", flat=True))
    return (
        Event.objects.filter(Q(case_id=case.pk) | Q(item_id__in=origin_ids))
        .select_related("actor")
        .order_by("at", "id")
    )


@dataclass(frozen=True)
class DocumentRow:
    """One client document of the case as the law lists it (703/2023 §§ 37–38)."""

    document_type: str
    title: str
    author: object
    author_role: str
    written: dt.datetime
    revision: int
    anchor: str

    @property
    def type_label(self):
        return DocumentType(self.document_type).label


def case_documents(case: Case) -> list[DocumentRow]:
    """The case's client documents, oldest first (a fixed number of queries)."""
    rows = []
    first = case.assignments.select_related("assigned_by").first()
    rows.append(
        DocumentRow(
            DocumentType.CASE_START,
            _("Case opened"),
            first.assigned_by if first else None,
            first.assigned_by.role if first else "",
            case.opened_at,
            1,
            "case",
        )
    )
    for a in case.service_need_assessments.select_related("author"):
        title = _("Service need assessment started %(date)s") % {"date": f"{a.started_on:%d.%m.%Y}"}
        rows.append(
            DocumentRow(
                a.document_type,
                title,
                a.author,
                a.author_role,
                a.created_at,
                a.revision,
                f"assessment-{a.pk}",
            )
        )
    for p in case.plans.select_related("author"):
        title = _("Client plan, version %(n)s (%(status)s)") % {
            "n": p.number,
            "status": p.get_status_display(),
        }
        rows.append(
            DocumentRow(
                p.document_type,
                title,
                p.author,
                p.author_role,
                p.created_at,
                p.revision,
                f"plan-{p.number}",
            )
        )
    for r in PlanReview.objects.filter(plan__case=case).select_related("author", "plan"):
        title = _("Review of the client plan %(date)s") % {"date": f"{r.reviewed_on:%d.%m.%Y}"}
        rows.append(
            DocumentRow(
                r.document_type,
                title,
                r.author,
                r.author_role,
                r.created_at,
                r.revision,
                f"plan-{r.plan.number}",
            )
        )
    for p in CasePackage.objects.filter(case=case).select_related("author", "package"):
        title = _("Service package: %(name)s") % {"name": p.package.label}
        rows.append(
            DocumentRow(
                p.document_type,
                title,
                p.author,
                p.author_role,
                p.created_at,
                p.revision,
                "packages",
            )
        )
    for ap in case.appointments.select_related("author"):
        title = _("Appointment %(time)s: %(outcome)s") % {
            "time": f"{timezone.localtime(ap.starts_at):%d.%m.%Y %H:%M}",
            "outcome": ap.get_status_display(),
        }
        rows.append(
            DocumentRow(
                ap.document_type,
                title,
                ap.author,
                ap.author_role,
                ap.created_at,
                ap.revision,
                f"appointment-{ap.pk}",
            )
        )
    for n in case.narrative.select_related("author"):
        title = _("Narrative entry %(date)s") % {"date": f"{n.entry_date:%d.%m.%Y}"}
        rows.append(
            DocumentRow(
                n.document_type,
                title,
                n.author,
                n.author_role,
                n.created_at,
                n.revision,
                f"entry-{n.pk}",
            )
        )
    if case.status == CaseStatus.CLOSED:
        rows.append(
            DocumentRow(
                DocumentType.CASE_END,
                _("Case closed: %(reason)s") % {"reason": case.get_closure_reason_display()},
                case.closed_by,
                case.closed_by.role if case.closed_by else "",
                case.closed_at,
                1,
                "closure",
            )
        )
    return sorted(rows, key=lambda row: row.written)


# --- A worker's cases ---


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


@dataclass
class CaseRow:
    case: Case
    role: str  # "responsible" or "co_worker"
    deadlines: list = field(default_factory=list)
    next_appointment: Appointment | None = None
    client_name: str = ""  # filled for the rows shown, so only those are access-logged

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.deadlines)

    @property
    def first_due(self) -> dt.date | None:
        return self.deadlines[0].due if self.deadlines else None


def case_rows(cases: list[Case], user) -> list[CaseRow]:
    """Cases with their deadlines and next appointment, by stage; within a stage the
    overdue first, then by the nearest deadline (a fixed number of queries)."""
    found = open_deadlines(cases)
    upcoming = next_appointments(cases)
    rows = [
        CaseRow(
            case,
            "responsible" if case.responsible_id == user.pk else "co_worker",
            found[case.pk],
            upcoming.get(case.pk),
        )
        for case in cases
    ]
    return sorted(
        rows,
        key=lambda r: (
            STAGE_ORDER[r.case.stage],
            not r.overdue,
            r.first_due or dt.date.max,
            r.case.opened_at,
        ),
    )


def cases_of(user) -> QuerySet[Case]:
    return (
        Case.objects.filter(Q(responsible=user) | Q(co_worker=user), status=CaseStatus.OPEN)
        .select_related("client", "team")
        .order_by("opened_at")
    )


# --- Overdue reviews ---


def overdue_reviews(*, team=None, worker=None, today: dt.date | None = None) -> QuerySet:
    """Plans in force whose review date has passed, of a team or of one worker's cases."""
    today = today or clock.today()
    plans = ClientPlan.objects.filter(
        status=PlanStatus.IN_FORCE, review_due__lt=today, case__status=CaseStatus.OPEN
    )
    if team is not None:
        plans = plans.filter(case__team=team)
    if worker is not None:
        plans = plans.filter(Q(case__responsible=worker) | Q(case__co_worker=worker))
    return plans.select_related("case__client", "case__responsible").order_by(
        "case__responsible__last_name", "review_due"
    )


def overdue_by_worker(plans) -> list[tuple]:
    """(worker, count) for the summary above the list, most overdue first."""
    counts = defaultdict(int)
    workers = {}
    for plan in plans:
        counts[plan.case.responsible_id] += 1
        workers[plan.case.responsible_id] = plan.case.responsible
    return sorted(((workers[k], v) for k, v in counts.items()), key=lambda kv: -kv[1])


# --- Retention ---


def retention_due(county, today: dt.date | None = None) -> QuerySet[Case]:
    """Closed cases whose last entry is older than the county's retention time."""
    today = today or clock.today()
    years = settings_for(county).retention_years
    cutoff = calendar.add_months(today, -12 * years)
    last_entry = Event.objects.filter(case_id=OuterRef("pk")).order_by("-at").values("at")[:1]
    return (
        Case.objects.filter(county=county, status=CaseStatus.CLOSED)
        .annotate(last_entry=Subquery(last_entry))
        .filter(last_entry__date__lt=cutoff)
        .select_related("team")
        .order_by("last_entry")
    )


# --- Plan versions ---


PLAN_TEXT_FIELDS = (
    "life_situation",
    "strengths",
    "client_view",
    "meeting_frequency",
    "estimated_duration",
    "follow_up",
    "invited",
    "review_due",
)


def _goals_text(plan: ClientPlan) -> str:
    lines = []
    for goal in plan.goals.all():
        lines.append(f"{goal.order}. {goal.text}")
        for measure in goal.measures.all():
            who = measure.partner or measure.get_performer_display()
            package = f" [{measure.package.label}]" if measure.package else ""
            lines.append(f"   – {measure.text} ({who}){package}")
    return "\n".join(lines)


def plan_comparison(older: ClientPlan, newer: ClientPlan) -> list[FieldChange]:
    """What changed between two versions of a plan, field by field, word by word."""
    changes = []
    for name in PLAN_TEXT_FIELDS:
        before, after = getattr(older, name), getattr(newer, name)
        before = "" if before is None else str(before)
        after = "" if after is None else str(after)
        if before != after:
            label = str(ClientPlan._meta.get_field(name).verbose_name).capitalize()
            changes.append(FieldChange(label, word_diff(before, after)))
    before, after = _goals_text(older), _goals_text(newer)
    if before != after:
        changes.append(FieldChange(_("Goals and measures"), word_diff(before, after)))
    return changes


# --- What seed 001 measures, from the event log alone ---


@dataclass
class AppointmentFigures:
    waits: list[int]  # days from forwarding to the first kept appointment, per case
    kept: int
    no_shows: int

    @property
    def no_show_rate(self) -> float | None:
        held = self.kept + self.no_shows
        return self.no_shows / held if held else None

    @property
    def median_wait(self) -> float | None:
        if not self.waits:
            return None
        ordered = sorted(self.waits)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return float(ordered[middle])
        return (ordered[middle - 1] + ordered[middle]) / 2


def appointment_figures(county, start: dt.datetime, end: dt.datetime) -> AppointmentFigures:
    """Waiting time from forwarding to the first kept appointment, and the no-show rate,
    of appointments whose outcome was recorded in [start, end): computed from events."""
    outcomes = list(
        Event.objects.filter(
            county=county,
            activity__in=[Activity.APPOINTMENT_KEPT, Activity.APPOINTMENT_NO_SHOW],
            at__gte=start,
            at__lt=end,
        ).values_list("activity", "case_id", "attributes")
    )
    kept_cases = {
        case_id for activity, case_id, _a in outcomes if activity == Activity.APPOINTMENT_KEPT
    }
    opened = dict(
        Event.objects.filter(activity=Activity.CASE_OPENED, case_id__in=kept_cases).values_list(
            "case_id", "item_id"
        )
    )
    forwarded = {}
    for item_id, at in Event.objects.filter(
        activity=Activity.INTAKE_FORWARDED, item_id__in=list(opened.values())
    ).values_list("item_id", "at"):
        forwarded[item_id] = min(at, forwarded.get(item_id, at))
    first_kept = {}
    for case_id, attributes in Event.objects.filter(
        activity=Activity.APPOINTMENT_KEPT, case_id__in=kept_cases
    ).values_list("case_id", "attributes"):
        when = dt.datetime.fromisoformat(attributes["starts_at"])
        first_kept[case_id] = min(when, first_kept.get(case_id, when))
    waits = []
    for case_id in kept_cases:
        item_id = opened.get(case_id)
        # Each case's wait counts once: in the period of its first kept appointment.
        if item_id in forwarded and start <= first_kept[case_id] < end:
            waits.append(
                (
                    timezone.localtime(first_kept[case_id]).date()
                    - timezone.localtime(forwarded[item_id]).date()
                ).days
            )
    return AppointmentFigures(
        waits=waits,
        kept=sum(1 for activity, *_r in outcomes if activity == Activity.APPOINTMENT_KEPT),
        no_shows=sum(1 for activity, *_r in outcomes if activity == Activity.APPOINTMENT_NO_SHOW),
    )


# --- The timeline's sentences, made from each event's facts in the reader's language ---


def _day(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _moment(value: str) -> str:
    moment = timezone.localtime(dt.datetime.fromisoformat(value))
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def _package_name(code: str) -> str:
    return str(SHIPPED_PACKAGES[code][0]) if code in SHIPPED_PACKAGES else code


def _appointment_detail(facts: dict) -> str:
    text = f"{AppointmentPurpose(facts['purpose']).label}, {_moment(facts['starts_at'])}"
    if facts.get("by") == "client":
        return _("%(what)s (by the client)") % {"what": text}
    if facts.get("by") == "us":
        return _("%(what)s (by us)") % {"what": text}
    return text


def _assessment_started(facts: dict) -> str:
    text = _("to be completed by %(date)s") % {"date": _day(facts["completion_due"])}
    if facts.get("on_time") is False:
        text += "; " + _("started after the statutory date %(date)s") % {
            "date": _day(facts["start_due"])
        }
    return text


def _assessment_completed(facts: dict) -> str:
    text = (
        _("special support need")
        if facts.get("special_support_need")
        else _("no special support need")
    )
    if facts.get("needs_client_relationship") is False:
        text += "; " + _("no need for social services")
    if facts.get("on_time") is False:
        text += "; " + _("after the county's target")
    return text


def _plan_reviewed(facts: dict) -> str:
    return _("%(reached)s of %(goals)s goals reached; next review %(date)s") % {
        "reached": facts["reached"],
        "goals": facts["goals"],
        "date": _day(facts["next_review_due"]),
    }


def _decision_made(facts: dict) -> str:
    text = _("%(type)s: %(outcome)s") % {
        "type": DecisionType(facts["type"]).label,
        "outcome": str(Outcome(facts["outcome"]).label).lower(),
    }
    if facts.get("amount") is not None:
        text += f", {formats.number_format(Decimal(facts['amount']), 2, use_l10n=True)} €"
    return text


_DETAILS = {
    Activity.CASE_STAGE_CHANGED: lambda f: (
        f"{Stage(f['previous']).label} → {Stage(f['stage']).label}"
    ),
    Activity.CASE_CLOSED: lambda f: str(ClosureReason(f["reason"]).label),
    Activity.CASE_OPENED: lambda f: str(Quadrant(f["quadrant"]).label),
    Activity.CASE_SUPPORT_NEED_ASSESSED: lambda f: str(Quadrant(f["quadrant"]).label),
    Activity.APPOINTMENT_BOOKED: _appointment_detail,
    Activity.APPOINTMENT_KEPT: _appointment_detail,
    Activity.APPOINTMENT_NO_SHOW: _appointment_detail,
    Activity.APPOINTMENT_CANCELLED: _appointment_detail,
    Activity.ASSESSMENT_STARTED: _assessment_started,
    Activity.ASSESSMENT_COMPLETED: _assessment_completed,
    Activity.PLAN_MADE: lambda f: (
        _("version %(n)s, review by %(date)s") % {"n": f["plan"], "date": _day(f["review_due"])}
    ),
    Activity.PLAN_REFUSED: lambda f: _("version %(n)s") % {"n": f["plan"]},
    Activity.PLAN_REVIEWED: _plan_reviewed,
    Activity.PACKAGE_STARTED: lambda f: _package_name(f["package"]),
    Activity.PACKAGE_ENDED: lambda f: _package_name(f["package"]),
    Activity.DECISION_MADE: _decision_made,
    Activity.DECISION_NOTIFIED: lambda f: (
        _("request for rectification by %(date)s") % {"date": _day(f["rectification_due"])}
    ),
}


def event_detail(event: Event) -> str:
    """The facts of a timeline event as a short phrase ("" when it has none to tell)."""
    make = _DETAILS.get(event.activity)
    if make is None:
        return ""
    try:
        return make(event.attributes)
    except (KeyError, ValueError):
        return ""  # an event written before its facts were recorded tells only its name

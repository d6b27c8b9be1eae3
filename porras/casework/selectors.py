"""Reads of distribution: the four-field as configured, workloads and recommendations."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from porras.casework.models import (
    Case,
    CaseStatus,
    CaseworkSettings,
    FourFieldAxes,
    Quadrant,
    QuadrantSetting,
    Stage,
    SupportNeedAssessment,
)
from porras.core import calendar, clock
from porras.intake.models import IntakeItem, Status, Urgency
from porras.people import selectors as people_selectors
from porras.people.models import Role, Team, Worker, role_in_sentence

DEFAULT_QUADRANTS = {
    Quadrant.A: (gettext_lazy("Guidance and advice, closes early"), Role.GUIDANCE, False, False),
    Quadrant.B: (gettext_lazy("Social counselling"), Role.COUNSELLOR, False, False),
    Quadrant.C: (
        gettext_lazy("Social counselling, social worker consulted"),
        Role.COUNSELLOR,
        False,
        True,
    ),
    Quadrant.D: (
        gettext_lazy("Special support need: social work"),
        Role.SOCIAL_WORKER,
        True,
        False,
    ),
}
DEFAULT_QUADRANT_WEIGHTS = {"A": 0.5, "B": 1.0, "C": 1.5, "D": 2.0}
DEFAULT_STAGE_WEIGHTS = {
    Stage.ASSESSMENT: 1.2,
    Stage.PLANNING: 1.0,
    Stage.MEASURES: 0.8,
    Stage.REVIEW: 0.6,
}
CO_WORKER_SHARE = 0.5


@dataclass(frozen=True)
class QuadrantRule:
    quadrant: str
    name: str
    role: str
    requires_public_office: bool
    consult_social_worker: bool


def quadrant_rules(county) -> dict[str, QuadrantRule]:
    rules = {
        q: QuadrantRule(q, str(name), role, office, consult)
        for q, (name, role, office, consult) in DEFAULT_QUADRANTS.items()
    }
    for setting in QuadrantSetting.objects.filter(county=county):
        rules[setting.quadrant] = QuadrantRule(
            setting.quadrant,
            setting.name,
            setting.role,
            setting.requires_public_office,
            setting.consult_social_worker,
        )
    return rules


def axes(county) -> dict:
    found = FourFieldAxes.objects.filter(county=county).first()
    if found is not None:
        return {
            "capacity_question": found.capacity_question,
            "capacity_yes": found.capacity_yes,
            "capacity_no": found.capacity_no,
            "breadth_question": found.breadth_question,
            "breadth_narrow": found.breadth_narrow,
            "breadth_broad": found.breadth_broad,
        }
    return {
        "capacity_question": _("Does the client manage to seek and use services?"),
        "capacity_yes": _("Manages to seek and use services"),
        "capacity_no": _("Special difficulty seeking or using services (SHL 3 §)"),
        "breadth_question": _("How broad is the need for support?"),
        "breadth_narrow": _("Narrow or short-term need"),
        "breadth_broad": _("Several or long-term needs"),
    }


def settings_for(county) -> CaseworkSettings:
    return CaseworkSettings.objects.filter(county=county).first() or CaseworkSettings(county=county)


def latest_assessment(item: IntakeItem) -> SupportNeedAssessment | None:
    return item.assessments.select_related("assessed_by").first()


def latest_assessments(items) -> dict:
    """Each item's latest assessment (one query for any number of items)."""
    found: dict = {}
    for assessment in (
        SupportNeedAssessment.objects.filter(item__in=list(items))
        .select_related("assessed_by")
        .order_by("item_id", "-assessed_at", "-id")
    ):
        found.setdefault(assessment.item_id, assessment)
    return found


def load_by_worker(workers, county) -> dict:
    """Each worker's weighted open caseload: quadrant weight × stage weight."""
    conf = settings_for(county)
    q_weights = {**DEFAULT_QUADRANT_WEIGHTS, **conf.quadrant_weights}
    s_weights = {**DEFAULT_STAGE_WEIGHTS, **conf.stage_weights}
    loads = {worker.pk: 0.0 for worker in workers}
    ids = list(loads)
    for responsible_id, quadrant, stage in Case.objects.filter(
        status=CaseStatus.OPEN, county=county, responsible_id__in=ids
    ).values_list("responsible_id", "quadrant", "stage"):
        loads[responsible_id] += q_weights[quadrant] * s_weights[stage]
    for co_worker_id, quadrant, stage in Case.objects.filter(
        status=CaseStatus.OPEN, county=county, co_worker_id__in=ids
    ).values_list("co_worker_id", "quadrant", "stage"):
        loads[co_worker_id] += CO_WORKER_SHARE * q_weights[quadrant] * s_weights[stage]
    return loads


def per_fte(load: float, worker: Worker) -> float:
    capacity = float(worker.capacity or Decimal("0"))
    return load / capacity if capacity > 0 else float("inf")


@dataclass
class Candidate:
    worker: Worker
    load: float
    load_per_fte: float
    absent_days: list[dt.date] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.absent_days


@dataclass
class Recommendation:
    quadrant: str
    rule: QuadrantRule
    worker: Worker | None
    facts: dict  # what the reason says, kept as facts (see recommendation_reason)
    candidates: list[Candidate]

    @property
    def reason(self) -> str:
        return recommendation_reason(self.facts)


def recommendation_reason(facts: dict) -> str:
    """The recommendation's reason, in the reader's language, from its stored facts."""
    if not facts:
        return ""
    try:
        role = role_in_sentence(facts["role"])
    except (KeyError, ValueError):
        role = facts.get("role", "")
    if facts.get("none"):
        return _(
            "No eligible %(role)s in the team: everyone is absent or none has the role%(office)s."
        ) % {"role": role, "office": _(" in public office") if facts.get("office") else ""}
    return _(
        "Lowest load per FTE among eligible %(role)s in the team: %(load)s vs team mean %(mean)s."
    ) % {
        "role": role,
        "load": formats.number_format(facts["load"], 1),
        "mean": formats.number_format(facts["mean"], 1),
    }


def absence_window(county) -> tuple[dt.date, dt.date]:
    today = clock.today()
    horizon = settings_for(county).absence_horizon_days
    return today, calendar.add_working_days(today, max(horizon - 1, 0))


@dataclass
class _TeamFacts:
    """What every recommendation of one team rests on, read once: its members, their
    loads and their absences in the coming working days (five queries)."""

    members: list[Worker]
    loads: dict
    absent: dict

    @classmethod
    def of(cls, team: Team, exclude=()) -> "_TeamFacts":
        members = [w for w in people_selectors.team_members(team) if w.pk not in exclude]
        first, last = absence_window(team.county)
        return cls(
            members,
            load_by_worker(members, team.county),
            people_selectors.absent_working_days_of(members, first, last),
        )


def _candidates(facts: _TeamFacts, rule: QuadrantRule) -> list[Candidate]:
    return [
        Candidate(
            worker,
            facts.loads[worker.pk],
            per_fte(facts.loads[worker.pk], worker),
            facts.absent[worker.pk],
        )
        for worker in facts.members
        if worker.role == rule.role and (worker.public_office or not rule.requires_public_office)
    ]


def recommend(team: Team, quadrant: str, *, exclude=()) -> Recommendation:
    return recommendations(team, [quadrant], exclude=exclude)[quadrant]


def recommendations(team: Team, quadrants, *, exclude=()) -> dict[str, Recommendation]:
    """The recommended worker for each quadrant, from one reading of the team (a fixed
    number of queries however many matters wait on the board)."""
    rules = quadrant_rules(team.county)
    facts = _TeamFacts.of(team, exclude)
    found = {}
    for quadrant in dict.fromkeys(quadrants):
        rule = rules[quadrant]
        candidates = _candidates(facts, rule)
        eligible = [c for c in candidates if c.eligible and c.load_per_fte != float("inf")]
        if not eligible:
            none = {"role": rule.role, "none": True, "office": rule.requires_public_office}
            found[quadrant] = Recommendation(quadrant, rule, None, none, candidates)
            continue
        best = min(eligible, key=lambda c: (c.load_per_fte, c.worker.last_name, c.worker.pk))
        mean = sum(c.load_per_fte for c in eligible) / len(eligible)
        reason = {"role": rule.role, "load": round(best.load_per_fte, 3), "mean": round(mean, 3)}
        found[quadrant] = Recommendation(quadrant, rule, best.worker, reason, candidates)
    return found


@dataclass
class BoardRow:
    item: IntakeItem
    assessment: SupportNeedAssessment | None
    recommendation: Recommendation | None


def board_rows(team: Team, items) -> list[BoardRow]:
    """The board's matters with their latest assessment and recommendation, in a fixed
    number of queries whatever the board's length."""
    assessments = latest_assessments(items)
    recommended = recommendations(team, [a.quadrant for a in assessments.values()])
    rows = []
    for item in items:
        assessment = assessments.get(item.pk)
        rows.append(
            BoardRow(item, assessment, recommended[assessment.quadrant] if assessment else None)
        )
    return rows


def board_items(team: Team) -> QuerySet[IntakeItem]:
    """Forwarded matters waiting for distribution: urgent first, then oldest."""
    urgent_first = {Urgency.URGENT_NOW: 0, Urgency.URGENT: 1}
    items = list(
        IntakeItem.objects.filter(team=team, status=Status.FORWARDED)
        .select_related("client", "claimed_by")
        .order_by("received_at")
    )
    items.sort(key=lambda i: (urgent_first.get(i.urgency, 2), i.received_at))
    return items


@dataclass
class WorkloadRow:
    worker: Worker
    by_quadrant: dict
    by_stage: dict
    new_this_week: int
    load: float
    load_per_fte: float
    absences: list

    @property
    def open_cases(self) -> int:
        return sum(self.by_quadrant.values())


def workload(team: Team) -> list[WorkloadRow]:
    """The manager's table: each member's open cases, load against capacity, absences.

    A fixed number of queries however many members and cases."""
    members = [
        w
        for w in people_selectors.team_members(team)
        if w.role in (Role.GUIDANCE, Role.COUNSELLOR, Role.SOCIAL_WORKER)
    ]
    loads = load_by_worker(members, team.county)
    today = clock.today()
    monday = clock.week_start(today)
    rows = {
        w.pk: WorkloadRow(
            w,
            {q: 0 for q in Quadrant.values},
            {s: 0 for s in Stage.values},
            0,
            loads[w.pk],
            per_fte(loads[w.pk], w),
            [],
        )
        for w in members
    }
    cases = Case.objects.filter(responsible_id__in=list(rows), status=CaseStatus.OPEN)
    for worker_id, quadrant, stage, opened_at in cases.values_list(
        "responsible_id", "quadrant", "stage", "opened_at"
    ):
        row = rows[worker_id]
        row.by_quadrant[quadrant] += 1
        row.by_stage[stage] += 1
        row.new_this_week += clock.week_start(timezone.localdate(opened_at)) == monday
    for absence in people_selectors.absences_overlapping(
        members, today, today + dt.timedelta(days=28)
    ):
        rows[absence.worker_id].absences.append(absence)
    return list(rows.values())


def eligible_workers(county, quadrant: str) -> QuerySet[Worker]:
    """Who may carry a matter of this quadrant: the role it maps to (in public office where
    required), active, of the county. Absence and team are said at the choice."""
    rule = quadrant_rules(county)[quadrant]
    workers = Worker.objects.filter(county=county, role=rule.role, is_active=True)
    if rule.requires_public_office:
        workers = workers.filter(public_office=True)
    return workers


CASE_WORK_ROLES = (Role.SOCIAL_WORKER, Role.COUNSELLOR)


def colleagues(county, *, roles=CASE_WORK_ROLES) -> QuerySet[Worker]:
    """Co-workers and consultants come from the county's case work, never its other roles."""
    return Worker.objects.filter(county=county, role__in=roles, is_active=True)


def grouped_choices(workers, *, team, recommended=None, empty_label=None) -> list:
    """Choices for a pick-list: the recommended worker first, then the team, then the other
    teams of the county, each group by name (one query)."""
    rows = list(
        workers.prefetch_related("teams").order_by("last_name", "first_name", "pk").distinct()
    )

    def label(worker) -> str:
        text = f"{worker.get_full_name() or worker.username} – {worker.get_role_display()}"
        if recommended is not None and worker.pk == recommended.pk:
            text = _("%(worker)s (recommended)") % {"worker": text}
        return text

    groups: dict = {}
    for worker in rows:
        names = sorted(t.name for t in worker.teams.all())
        key = team.name if team.name in names else (names[0] if names else "")
        groups.setdefault(key, []).append((worker.pk, label(worker)))
    choices = [("", empty_label)] if empty_label is not None else []
    if recommended is not None and any(w.pk == recommended.pk for w in rows):
        choices.append((_("Recommended"), [(recommended.pk, label(recommended))]))
    if team.name in groups:
        choices.append((team.name, groups.pop(team.name)))
    choices += sorted(groups.items(), key=lambda group: group[0])
    return choices

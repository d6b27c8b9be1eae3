"""Reads of rehabilitative work activity. A participant's data is read through
`plan_for_user` or the lists here, each declaring the access: the county's staff on the
ground the resolver names, an organiser's staff on `work_activity` (their own
participants only, the schedule and attendance only)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from porras.activation import rules
from porras.activation.models import (
    ActivationPlan,
    Attendance,
    Evaluation,
    EvaluationKind,
    Organiser,
    OrganiserStaff,
    WorkActivityPlan,
    WorkPlanStatus,
)
from porras.clients import selectors as client_selectors
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import calendar, clock
from porras.intake.selectors import visible_names
from porras.people import permissions
from porras.people.models import Worker
from porras.people.permissions import ClientAccess

# An organiser finishes the attendance of a period until the end of the month after it.
GRACE_MONTHS = 1


def organiser_of(user: Worker) -> Organiser | None:
    if not permissions.is_organiser(user):
        return None
    staff = OrganiserStaff.objects.filter(worker=user).select_related("organiser").first()
    return staff.organiser if staff else None


def open_until(plan: WorkActivityPlan) -> dt.date:
    """The last day the organiser sees the participant: the end of the month after the
    period's last day."""
    return calendar.add_months(plan.last_day.replace(day=1), GRACE_MONTHS + 1) - dt.timedelta(
        days=1
    )


def organiser_access(user: Worker, plan: WorkActivityPlan, organiser_id=None) -> ClientAccess:
    if organiser_id is None:
        organiser = organiser_of(user)
        organiser_id = organiser.pk if organiser else None
    return permissions.participant_access(
        user,
        client_county_id=plan.county_id,
        on_organiser_staff=organiser_id is not None and plan.place.organiser_id == organiser_id,
        placement_open=clock.today() <= open_until(plan),
    )


def may_record_attendance(user: Worker, plan: WorkActivityPlan) -> bool:
    if permissions.is_organiser(user):
        return organiser_access(user, plan).allowed
    case = plan.case
    return permissions.works_on_case(
        user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
    )


def _declare(plan, record_type: str, access: ClientAccess) -> None:
    declare(
        DeclaredAccess(
            plan.client_id,
            record_type,
            access.purpose,
            "granted" if access.allowed else "refused",
            reason=access.reason,
            flagged=access.flagged,
        )
    )


def plan_for_user(*, user: Worker, plan_id, record_type: str):
    """The plan and its participant as `user` may see them: (plan, ClientView, access).
    Refused like a client (logged) when there is no ground."""
    plan = (
        WorkActivityPlan.objects.filter(pk=plan_id, county_id=user.county_id)
        .select_related(
            "place__organiser", "case__responsible", "case__co_worker", "counsellor", "decision"
        )
        .first()
    )
    if plan is None:
        raise client_selectors.ClientAccessDenied()
    if permissions.is_organiser(user):
        access = organiser_access(user, plan)
        _declare(plan, record_type, access)
        if not access.allowed:
            raise client_selectors.ClientAccessDenied()
        client = plan.client
    else:
        client, access = client_selectors.client_for_user(
            user=user,
            client_id=plan.client_id,
            record_type=record_type,
            reason_url=reverse("casework:case_reason", kwargs={"case_id": plan.case_id}),
        )
    return plan, client_selectors.present(client, access), access


@dataclass
class Participant:
    plan: WorkActivityPlan
    name: str
    week: rules.Week
    recorded_this_week: int = 0
    absences_this_week: int = 0


def organiser_plans(user: Worker):
    """The organiser's open placements (none for anyone else), in the order they are listed.
    Nothing of the participants is read here: page them, then read a page's rows."""
    organiser = organiser_of(user)
    if organiser is None:
        return WorkActivityPlan.objects.none()
    today = clock.today()
    horizon = calendar.add_months(today.replace(day=1), -GRACE_MONTHS) - dt.timedelta(days=1)
    return (
        WorkActivityPlan.objects.filter(place__organiser=organiser, county_id=user.county_id)
        .filter(Q(ended_on__isnull=True, ends_on__gt=horizon) | Q(ended_on__gt=horizon))
        .select_related("client", "place__organiser")
        .prefetch_related("changes")
        .order_by("place__name", "client__last_name", "client__first_name", "starts_on")
    )


def participant_rows(user: Worker, plans) -> list[Participant]:
    """One page of the organiser's participants (each read logged, `work_activity`)."""
    plans = list(plans)
    if not plans:
        return []
    today = clock.today()
    counts = _week_counts([p.pk for p in plans], clock.week_start(today))
    organiser_id = plans[0].place.organiser_id
    rows = []
    for plan in plans:
        access = organiser_access(user, plan, organiser_id)
        _declare(plan, "activation.participants", access)
        if not access.allowed:
            continue
        recorded, absent = counts.get(plan.pk, (0, 0))
        rows.append(
            Participant(plan, plan.client.display_name, schedule_of(plan, today), recorded, absent)
        )
    return rows


def _week_counts(plan_ids, monday: dt.date) -> dict:
    rows = (
        Attendance.objects.filter(
            plan_id__in=plan_ids, day__gte=monday, day__lte=monday + dt.timedelta(days=6)
        )
        .values("plan_id")
        .annotate(n=Count("id"), absent=Count("id", filter=Q(present=False)))
    )
    return {r["plan_id"]: (r["n"], r["absent"]) for r in rows}


def schedule_of(plan: WorkActivityPlan, day: dt.date) -> rules.Week:
    """The weekly schedule on `day` (the plan's changes prefetched or read)."""
    base = rules.Week(plan.starts_on, plan.days_per_week, plan.hours_per_day)
    changes = [
        rules.Week(c.starts_on, c.days_per_week, c.hours_per_day)
        for c in sorted(plan.changes.all(), key=lambda c: c.starts_on)
    ]
    return rules.week_of(day, base, changes)


@dataclass
class DayRow:
    day: dt.date
    in_period: bool
    recordable: bool
    record: Attendance | None


def week_rows(plan: WorkActivityPlan, monday: dt.date) -> list[DayRow]:
    """Monday to Friday of one week, with what is recorded (weekends too when recorded)."""
    recorded = {
        a.day: a
        for a in plan.attendance.filter(day__gte=monday).filter(
            day__lte=monday + dt.timedelta(days=6)
        )
    }
    today = clock.today()
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    rows = []
    for day in days:
        if day.weekday() >= 5 and day not in recorded:
            continue
        in_period = plan.starts_on <= day <= plan.last_day
        rows.append(DayRow(day, in_period, in_period and day <= today, recorded.get(day)))
    return rows


def month_attendance(plan_ids, month: dt.date) -> dict:
    """Plan id → (days present, hours, absences) in the calendar month."""
    last = calendar.add_months(month, 1) - dt.timedelta(days=1)
    rows = (
        Attendance.objects.filter(plan_id__in=plan_ids, day__gte=month, day__lte=last)
        .values("plan_id")
        .annotate(
            days=Count("id", filter=Q(present=True)),
            hours=Sum("hours", filter=Q(present=True)),
            absent=Count("id", filter=Q(present=False)),
        )
    )
    return {r["plan_id"]: (r["days"], r["hours"] or Decimal(0), r["absent"]) for r in rows}


def plans_in_month(month: dt.date):
    last = calendar.add_months(month, 1) - dt.timedelta(days=1)
    return WorkActivityPlan.objects.filter(starts_on__lte=last).filter(
        Q(ended_on__isnull=True, ends_on__gte=month) | Q(ended_on__gte=month)
    )


def worker_plans(user: Worker):
    """The periods a worker carries: as the plan's counsellor or the case's worker."""
    return WorkActivityPlan.objects.filter(county_id=user.county_id).filter(
        Q(counsellor=user) | Q(case__responsible=user) | Q(case__co_worker=user)
    )


def names_for(user: Worker, plans, *, record_type: str) -> dict:
    """Client id → name where `user` may see the client (each read logged)."""
    clients = {plan.client_id: plan.client for plan in plans}
    if permissions.is_organiser(user):
        organiser = organiser_of(user)
        names = {}
        for plan in plans:
            access = organiser_access(user, plan, organiser.pk if organiser else None)
            _declare(plan, record_type, access)
            names[plan.client_id] = plan.client.display_name if access.allowed else None
        return names
    return visible_names(user, list(clients.values()), record_type=record_type)


@dataclass
class Reminder:
    kind: str  # "mid_evaluation" or "activation_review"
    due: dt.date
    plan: WorkActivityPlan | None = None
    activation: ActivationPlan | None = None
    overdue: bool = False
    name: str | None = None


def reminders_for(user: Worker, *, reminder_days: int) -> list[Reminder]:
    """What a worker must do soon for their participants: mid-evaluations and reviews of
    activation plans (with the law's reason). A fixed number of queries."""
    today = clock.today()
    horizon = today + dt.timedelta(days=reminder_days)
    plans = list(
        worker_plans(user)
        .filter(status=WorkPlanStatus.IN_FORCE)
        .select_related("place", "activation_plan", "client", "case")
    )
    evaluated = set(
        Evaluation.objects.filter(plan__in=plans, kind=EvaluationKind.MID).values_list(
            "plan_id", flat=True
        )
    )
    rows = [
        Reminder("mid_evaluation", p.mid_evaluation_on, plan=p)
        for p in plans
        if p.pk not in evaluated and p.mid_evaluation_on <= horizon
    ]
    activations = {p.activation_plan_id: p.activation_plan for p in plans}
    rows += [
        Reminder("activation_review", a.review_due, activation=a)
        for a in activations.values()
        if a.review_due <= horizon
    ]
    for row in rows:
        row.overdue = row.due < today
    return sorted(rows, key=lambda r: (r.due, r.kind))


def absences_to_tell(plans, *, days: int = 31):
    """Recent absences not yet told to the employment authority, newest first."""
    since = clock.today() - dt.timedelta(days=days)
    return (
        Attendance.objects.filter(
            plan__in=plans, present=False, authority_informed_on__isnull=True, day__gte=since
        )
        .select_related("plan__place", "plan__client")
        .order_by("-day")
    )

"""Writes of rehabilitative work activity. Each checks who may do it and the law's
limits (`rules`), writes in one transaction and records its event there."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.fi import ytunnus

from porras.activation import rules
from porras.activation.models import (
    AbsenceReason,
    ActivationPlan,
    ActivationPlanKind,
    ActivationReview,
    ActivationSettings,
    AllowanceMonth,
    Attendance,
    Continuation,
    EndReason,
    Evaluation,
    EvaluationKind,
    Organiser,
    OrganiserKind,
    Place,
    ReviewReason,
    ScheduleChange,
    WorkActivityPlan,
    WorkPlanStatus,
)
from porras.activation.selectors import may_record_attendance
from porras.benefits.models import PayeeKind, Payment
from porras.casework.casefile.services import check_revision, require_case_worker
from porras.casework.models import Case, CaseStatus
from porras.casework.services import case_step
from porras.core import calendar, clock
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.decisions.models import Decision, DecisionType, Outcome
from porras.eventlog.activities import Activity
from porras.people import permissions
from porras.people.models import Role, Worker
from porras.people.notifications import notify

CENT = Decimal("0.01")
# Who keeps the county's directory of organisers and places.
DIRECTORY_KEEPERS = frozenset({Role.COUNSELLOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN})


def settings_for(county) -> ActivationSettings:
    found, _created = ActivationSettings.objects.get_or_create(county=county)
    return found


def can_keep_directory(user: Worker) -> bool:
    return user.is_authenticated and user.is_active and user.role in DIRECTORY_KEEPERS


def _open_case(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError(_("The case is closed: its documents can be read but no longer changed."))


def _step(plan, activity: str, actor: Worker, **facts) -> None:
    """The event of a step, on the plan's case (in the caller's transaction)."""
    case_step(plan.case, activity, actor, **facts)


def hours_text(value: Decimal) -> str:
    """6.0 → "6", 5.5 → "5,5" in Finnish."""
    return formats.number_format(value.normalize())


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


# --- The directory ---


@dataclass
class OrganiserInput:
    name: str
    kind: str
    business_id: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True


def organiser_save(
    *, county, data: OrganiserInput, acting_user: Worker, organiser: Organiser | None = None
) -> Organiser:
    permissions.require(
        can_keep_directory(acting_user) and acting_user.county_id == county.pk,
        _("Counsellors, social workers and managers keep the directory of organisers."),
    )
    problems = {}
    if not data.name.strip():
        problems["name"] = _("Give the organiser's name.")
    if data.kind not in OrganiserKind.values:
        problems["kind"] = _("Choose the kind of organiser.")
    business_id = data.business_id.strip()
    if business_id:
        if not ytunnus.is_valid(business_id):
            problems["business_id"] = _("Check the business ID: it is of the form 1234567-8.")
        else:
            business_id = ytunnus.format(business_id)
    if problems:
        raise MissingContent(problems)
    target = organiser or Organiser(county=county)
    target.name, target.kind = data.name.strip(), data.kind
    target.business_id, target.phone, target.email = business_id, data.phone, data.email
    target.active = data.active
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as error:
        raise DomainError(
            _("The directory has an organiser of that name."), field="name"
        ) from error
    return target


@dataclass
class PlaceInput:
    name: str
    address: str = ""
    description: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    active: bool = True


def place_save(
    *, organiser: Organiser, data: PlaceInput, acting_user: Worker, place: Place | None = None
) -> Place:
    permissions.require(
        can_keep_directory(acting_user) and acting_user.county_id == organiser.county_id,
        _("Counsellors, social workers and managers keep the directory of organisers."),
    )
    if not data.name.strip():
        raise MissingContent({"name": _("Give the place's name.")})
    target = place or Place(organiser=organiser)
    for name, value in vars(data).items():
        setattr(target, name, value.strip() if isinstance(value, str) else value)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as error:
        raise DomainError(_("The organiser has a place of that name."), field="name") from error
    return target


# --- The activation plan ---


@dataclass
class ActivationInput:
    kind: str
    employment_authority: str
    authority_person: str
    agreed_on: dt.date | None
    reference: str = ""
    content: str = ""


def _activation_problems(data: ActivationInput) -> dict:
    problems = {}
    if data.kind not in ActivationPlanKind.values:
        problems["kind"] = _("Choose the kind of plan.")
    if not data.employment_authority.strip():
        problems["employment_authority"] = _(
            "Name the employment authority the plan was made with."
        )
    if not data.authority_person.strip():
        problems["authority_person"] = _("Name who agreed the plan for the employment authority.")
    if data.agreed_on is None:
        problems["agreed_on"] = _("Give the day the plan was agreed with the client.")
    elif data.agreed_on > clock.today():
        problems["agreed_on"] = _("The date cannot be in the future.")
    if data.kind == ActivationPlanKind.MULTI_AGENCY and not data.reference.strip():
        problems["reference"] = _("Give the reference of the multi-agency employment plan.")
    return problems


def activation_plan_make(
    *, case: Case, data: ActivationInput, acting_user: Worker
) -> ActivationPlan:
    """Record the activation plan made with the employment authority and the client; it is
    reviewed at the county's interval (earlier when the activity asks for it)."""
    require_case_worker(acting_user, case)
    _open_case(case)
    problems = _activation_problems(data)
    if problems:
        raise MissingContent(problems)
    interval = settings_for(case.county).review_interval_months
    with transaction.atomic():
        plan = ActivationPlan.objects.create(
            county=case.county,
            client=case.client,
            case=case,
            kind=data.kind,
            reference=data.reference.strip(),
            employment_authority=data.employment_authority.strip(),
            authority_person=data.authority_person.strip(),
            agreed_on=data.agreed_on,
            content=data.content.strip(),
            review_due=calendar.add_months(data.agreed_on, interval),
            made_by=acting_user,
            created_at=clock.now(),
        )
        _step(
            plan,
            Activity.ACTIVATION_PLAN_MADE,
            acting_user,
            activation_plan=str(plan.pk),
            kind=plan.kind,
            agreed_on=plan.agreed_on.isoformat(),
            review_due=plan.review_due.isoformat(),
        )
    return plan


def activation_plan_review(
    *,
    plan: ActivationPlan,
    reviewed_on: dt.date | None,
    summary: str,
    expected_revision: int | None,
    acting_user: Worker,
) -> ActivationReview:
    require_case_worker(acting_user, plan.case)
    _open_case(plan.case)
    problems = {}
    if reviewed_on is None or reviewed_on > clock.today():
        problems["reviewed_on"] = _("Give the day of the review (not in the future).")
    if len(summary.strip()) < 10:
        problems["summary"] = _("Write what was agreed in the review.")
    if problems:
        raise MissingContent(problems)
    interval = settings_for(plan.county).review_interval_months
    with transaction.atomic():
        current = ActivationPlan.objects.select_for_update().get(pk=plan.pk)
        check_revision(current, expected_revision)
        review = ActivationReview.objects.create(
            plan=current,
            reviewed_on=reviewed_on,
            reason=current.review_reason,
            summary=summary.strip(),
            next_due=calendar.add_months(reviewed_on, interval),
            reviewed_by=acting_user,
            created_at=clock.now(),
        )
        current.review_due, current.review_reason = review.next_due, ReviewReason.INTERVAL
        current.revision += 1
        current.save(update_fields=["review_due", "review_reason", "revision"])
        current.case = plan.case
        _step(
            current,
            Activity.ACTIVATION_PLAN_REVIEWED,
            acting_user,
            activation_plan=str(current.pk),
            reason=review.reason,
            next_due=review.next_due.isoformat(),
        )
    return review


def _review_earlier(activation: ActivationPlan, due: dt.date, reason: str) -> None:
    """Bring the activation plan's review forward (never back) for the law's reasons."""
    if due < activation.review_due:
        activation.review_due, activation.review_reason = due, reason
        activation.revision += 1
        activation.save(update_fields=["review_due", "review_reason", "revision"])


# --- The work activity plan ---


@dataclass
class WorkPlanInput:
    place: Place | None
    starts_on: dt.date | None
    months: int | None
    days_per_week: int | None
    hours_per_day: Decimal | None
    goal: str
    description: str = ""
    support: str = ""
    other_services: str = ""
    mid_evaluation_on: dt.date | None = None
    changes: list[rules.Week] = field(default_factory=list)
    activity_allowance: bool = True
    fare_per_day: Decimal = Decimal(0)
    monthly_ticket: Decimal | None = None
    iban: str = ""


def _running_plan(client_id, first: dt.date, last: dt.date, exclude=None):
    """A period of the client's that overlaps [first, last]."""
    overlapping = WorkActivityPlan.objects.filter(client_id=client_id, starts_on__lte=last).filter(
        Q(ended_on__isnull=True, ends_on__gte=first) | Q(ended_on__gte=first)
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    return overlapping.first()


def work_plan_problems(
    data: WorkPlanInput, *, county_id, previous: WorkActivityPlan | None = None
) -> dict:
    """Everything wrong with a plan, each limit named (the form and the API show them)."""
    problems = {}
    if data.place is None or data.place.organiser.county_id != county_id:
        problems["place"] = _("Choose a place from the county's directory.")
    elif not (data.place.active and data.place.organiser.active):
        problems["place"] = _("The place is no longer in use: choose another.")
    if len(data.goal.strip()) < 5:
        problems["goal"] = _("Write the goal of the work activity (section 9).")
    problems |= rules.period_problems(data.months, consecutive=previous is not None)
    problems |= rules.week_problems(data.days_per_week, data.hours_per_day)
    if data.starts_on is None:
        problems["starts_on"] = _("Give the day the activity starts.")
    elif previous is not None and data.starts_on != previous.last_day + dt.timedelta(days=1):
        problems["starts_on"] = _(
            "A consecutive period starts the day after the previous one ends (%(day)s)."
        ) % {"day": (previous.last_day + dt.timedelta(days=1)).strftime("%d.%m.%Y")}
    if "starts_on" not in problems and "months" not in problems:
        last = rules.ends_on(data.starts_on, data.months)
        problems |= rules.schedule_problems(data.starts_on, last, data.changes)
        mid = data.mid_evaluation_on
        if mid is not None and not data.starts_on < mid < last:
            problems["mid_evaluation_on"] = _(
                "The mid-evaluation is held during the period, between its start and end."
            )
    if data.activity_allowance:
        iban = data.iban.strip()
        if iban and not stdnum_iban.is_valid(iban):
            problems["iban"] = _("Check the account number (IBAN).")
    if data.fare_per_day is None or data.fare_per_day < 0:
        problems["fare_per_day"] = _("The fare cannot be negative.")
    if data.monthly_ticket is not None and data.monthly_ticket < 0:
        problems["monthly_ticket"] = _("The fare cannot be negative.")
    return problems


def _default_mid(starts_on: dt.date, months: int) -> dt.date:
    return calendar.add_months(starts_on, max(1, months // 2))


def work_plan_make(
    *,
    case: Case,
    data: WorkPlanInput,
    acting_user: Worker,
    activation_plan: ActivationPlan | None = None,
    previous: WorkActivityPlan | None = None,
) -> WorkActivityPlan:
    """Make the work activity plan and agreement of one period (§ 9), within § 13's limits.
    A consecutive period (`previous`) starts the day after the previous one ends."""
    require_case_worker(acting_user, case)
    _open_case(case)
    if previous is not None and previous.case_id != case.pk:
        raise DomainError(_("A consecutive period continues a period of the same case."))
    activation = activation_plan or (previous.activation_plan if previous else None)
    if activation is None:
        activation = case.activation_plans.order_by("-agreed_on", "-created_at").first()
    if activation is None or activation.case_id != case.pk:
        raise DomainError(
            _(
                "Work activity is arranged on the basis of an activation plan or a multi-agency "
                "employment plan: record the plan first."
            ),
            field="activation_plan",
        )
    problems = work_plan_problems(data, county_id=case.county_id, previous=previous)
    if problems:
        raise MissingContent(problems)
    last = rules.ends_on(data.starts_on, data.months)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)  # one period at a time per case
        clash = _running_plan(case.client_id, data.starts_on, last, exclude=previous)
        if clash is not None:
            raise DomainError(
                _("The client already has a period of work activity from %(start)s to %(end)s.")
                % {
                    "start": clash.starts_on.strftime("%d.%m.%Y"),
                    "end": clash.last_day.strftime("%d.%m.%Y"),
                },
                field="starts_on",
            )
        now = clock.now()
        plan = WorkActivityPlan.objects.create(
            county=case.county,
            client=case.client,
            case=case,
            activation_plan=activation,
            previous=previous,
            place=data.place,
            counsellor=acting_user,
            goal=data.goal.strip(),
            description=data.description.strip(),
            support=data.support.strip(),
            other_services=data.other_services.strip(),
            starts_on=data.starts_on,
            months=data.months,
            ends_on=last,
            days_per_week=data.days_per_week,
            hours_per_day=data.hours_per_day,
            mid_evaluation_on=data.mid_evaluation_on or _default_mid(data.starts_on, data.months),
            activity_allowance=data.activity_allowance,
            fare_per_day=data.fare_per_day or Decimal(0),
            monthly_ticket=data.monthly_ticket,
            iban=stdnum_iban.compact(data.iban) if data.iban.strip() else "",
            made_by=acting_user,
            created_at=now,
            updated_at=now,
        )
        ScheduleChange.objects.bulk_create(
            ScheduleChange(
                plan=plan,
                starts_on=c.starts_on,
                days_per_week=c.days_per_week,
                hours_per_day=c.hours_per_day,
            )
            for c in data.changes
        )
        _review_when_the_law_asks(plan, previous)
        _step(
            plan,
            Activity.WORK_PLAN_MADE,
            acting_user,
            work_plan=str(plan.pk),
            place=str(plan.place_id),
            organiser=str(plan.place.organiser_id),
            starts_on=plan.starts_on.isoformat(),
            months=plan.months,
            days_per_week=plan.days_per_week,
            hours_per_day=str(plan.hours_per_day),
            consecutive=previous is not None,
        )
    return plan


def _review_when_the_law_asks(plan: WorkActivityPlan, previous) -> None:
    """The activation plan is reviewed when 24 months of activity are reached under it (the
    months served in its earlier periods and this one's), and when the duration changes
    substantially (from the previous period, or within this one)."""
    activation = ActivationPlan.objects.select_for_update().get(pk=plan.activation_plan_id)
    served = sum(
        rules.months_between(p.starts_on, p.last_day)
        for p in activation.work_plans.exclude(pk=plan.pk)
    )
    left = rules.REVIEW_AFTER_MONTHS - served
    if left <= plan.months:
        reached = calendar.add_months(plan.starts_on, max(left, 0))
        _review_earlier(activation, reached, ReviewReason.MONTHS_24)
    if previous is not None:
        before = schedule_on(previous, previous.last_day)
        if _substantial(before.weekly_hours, plan.days_per_week * plan.hours_per_day):
            _review_earlier(activation, plan.starts_on, ReviewReason.DURATION_CHANGED)
    for change in plan.changes.all():
        before = rules.week_of(change.starts_on - dt.timedelta(days=1), _base(plan), _weeks(plan))
        if _substantial(before.weekly_hours, change.days_per_week * change.hours_per_day):
            _review_earlier(activation, change.starts_on, ReviewReason.DURATION_CHANGED)


def _substantial(before: Decimal, after: Decimal) -> bool:
    return abs(after - before) >= rules.SUBSTANTIAL_WEEKLY_CHANGE


def _base(plan: WorkActivityPlan) -> rules.Week:
    return rules.Week(plan.starts_on, plan.days_per_week, plan.hours_per_day)


def _weeks(plan: WorkActivityPlan) -> list[rules.Week]:
    return [
        rules.Week(c.starts_on, c.days_per_week, c.hours_per_day)
        for c in sorted(plan.changes.all(), key=lambda c: c.starts_on)
    ]


def schedule_on(plan: WorkActivityPlan, day: dt.date) -> rules.Week:
    return rules.week_of(day, _base(plan), _weeks(plan))


def _locked_plan(plan: WorkActivityPlan, expected_revision: int | None) -> WorkActivityPlan:
    current = (
        WorkActivityPlan.objects.select_for_update()
        .select_related("case", "place__organiser")
        .get(pk=plan.pk)
    )
    check_revision(current, expected_revision)
    if current.status != WorkPlanStatus.IN_FORCE:
        raise DomainError(_("The period has ended: its plan can be read but no longer changed."))
    return current


@dataclass
class PlanChange:
    goal: str
    description: str
    support: str
    other_services: str
    mid_evaluation_on: dt.date | None
    new_week: rules.Week | None = None  # a change of the weekly schedule from a day on


def work_plan_change(
    *,
    plan: WorkActivityPlan,
    change: PlanChange,
    expected_revision: int | None,
    acting_user: Worker,
) -> WorkActivityPlan:
    """Change the plan in force (after an evaluation, or when the schedule changes); a
    substantial change of the weekly duration brings the activation plan's review forward."""
    require_case_worker(acting_user, plan.case)
    _open_case(plan.case)
    problems = {}
    if len(change.goal.strip()) < 5:
        problems["goal"] = _("Write the goal of the work activity (section 9).")
    mid = change.mid_evaluation_on
    if mid is None or not plan.starts_on < mid < plan.ends_on:
        problems["mid_evaluation_on"] = _(
            "The mid-evaluation is held during the period, between its start and end."
        )
    if change.new_week is not None:
        week = change.new_week
        problems |= {
            k.replace("change_1_", "new_"): v
            for k, v in rules.schedule_problems(
                max(plan.starts_on, *(w.starts_on for w in _weeks(plan))),
                plan.ends_on,
                [week],
            ).items()
        }
        if week.starts_on < clock.today():
            problems["new_starts_on"] = _("A new weekly schedule starts today or later.")
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        current = _locked_plan(plan, expected_revision)
        current.goal, current.description = change.goal.strip(), change.description.strip()
        current.support, current.other_services = (
            change.support.strip(),
            change.other_services.strip(),
        )
        current.mid_evaluation_on = mid
        current.revision += 1
        current.updated_at = clock.now()
        current.save()
        facts = {"work_plan": str(current.pk)}
        if change.new_week is not None:
            week = change.new_week
            before = schedule_on(current, week.starts_on)
            ScheduleChange.objects.create(
                plan=current,
                starts_on=week.starts_on,
                days_per_week=week.days_per_week,
                hours_per_day=week.hours_per_day,
            )
            if _substantial(before.weekly_hours, week.weekly_hours):
                activation = ActivationPlan.objects.select_for_update().get(
                    pk=current.activation_plan_id
                )
                _review_earlier(activation, week.starts_on, ReviewReason.DURATION_CHANGED)
            facts |= {
                "from": week.starts_on.isoformat(),
                "days_per_week": week.days_per_week,
                "hours_per_day": str(week.hours_per_day),
            }
        _step(current, Activity.WORK_PLAN_CHANGED, acting_user, **facts)
    return current


def agreement_sign(
    *,
    plan: WorkActivityPlan,
    signed_on: dt.date | None,
    signatory: str,
    expected_revision: int | None,
    acting_user: Worker,
) -> WorkActivityPlan:
    """The agreement between the organiser, the client and the county is signed."""
    require_case_worker(acting_user, plan.case)
    problems = {}
    if signed_on is None or signed_on > clock.today():
        problems["signed_on"] = _("Give the day the agreement was signed (not in the future).")
    if not signatory.strip():
        problems["signatory"] = _("Name who signed for the organiser.")
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        current = _locked_plan(plan, expected_revision)
        current.agreement_signed_on, current.organiser_signatory = signed_on, signatory.strip()
        current.revision += 1
        current.updated_at = clock.now()
        current.save()
        _step(
            current,
            Activity.AGREEMENT_SIGNED,
            acting_user,
            work_plan=str(current.pk),
            signed_on=signed_on.isoformat(),
        )
    return current


def decision_link(
    *, plan: WorkActivityPlan, decision: Decision, expected_revision: int | None, acting_user
) -> WorkActivityPlan:
    """Name the granted decision on work activity the plan (and its allowance) rests on."""
    require_case_worker(acting_user, plan.case)
    if (
        decision.case_id != plan.case_id
        or decision.decision_type != DecisionType.SERVICE
        or decision.outcome not in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    ):
        raise DomainError(
            _("Choose a granted service decision of the same case."), field="decision"
        )
    with transaction.atomic():
        current = _locked_plan(plan, expected_revision)
        current.decision = decision
        current.revision += 1
        current.updated_at = clock.now()
        current.save()
        _step(
            current,
            Activity.WORK_PLAN_CHANGED,
            acting_user,
            work_plan=str(current.pk),
            decision=str(decision.pk),
        )
    return current


# --- Attendance ---


@dataclass
class DayInput:
    day: dt.date
    present: bool
    hours: Decimal | None = None
    absence_reason: str = ""
    note: str = ""


def _day_problems(plan: WorkActivityPlan, entry: DayInput, key: str) -> dict:
    if not plan.starts_on <= entry.day <= plan.last_day:
        return {
            key: _("%(day)s is outside the period (%(start)s–%(end)s).")
            % {
                "day": entry.day.strftime("%d.%m.%Y"),
                "start": plan.starts_on.strftime("%d.%m.%Y"),
                "end": plan.last_day.strftime("%d.%m.%Y"),
            }
        }
    if entry.day > clock.today():
        return {key: _("Attendance is recorded on the day or afterwards, not in advance.")}
    if entry.present:
        limit = schedule_on(plan, entry.day).hours_per_day
        if entry.hours is None or entry.hours <= 0:
            return {key: _("Give the hours of a day present.")}
        if entry.hours > limit:
            return {
                key: _("%(day)s: at most %(hours)s hours a day by the plan (the law allows 4–8).")
                % {"day": entry.day.strftime("%d.%m.%Y"), "hours": hours_text(limit)}
            }
    elif entry.absence_reason not in AbsenceReason.values:
        return {key: _("Choose the reason for the absence.")}
    return {}


def _week_problems(plan: WorkActivityPlan, days: dict[dt.date, DayInput]) -> dict:
    """No calendar week gets more days than the plan has (at most 4, section 13)."""
    problems = {}
    weeks = sorted({clock.week_start(day) for day in days})
    recorded = {
        a.day: a
        for a in plan.attendance.filter(
            day__gte=weeks[0], day__lte=weeks[-1] + dt.timedelta(days=6)
        )
    }
    for monday in weeks:
        sunday = monday + dt.timedelta(days=6)
        in_week = {d for d in recorded if monday <= d <= sunday} | {
            d for d in days if monday <= d <= sunday
        }
        allowed = schedule_on(plan, max(monday, plan.starts_on)).days_per_week
        if len(in_week) > allowed:
            problems[f"week_{monday.isoformat()}"] = _(
                "The week beginning %(monday)s would have %(count)s days of work activity: the "
                "plan has %(allowed)s, and the law at most 4 days a calendar week (section 13)."
            ) % {"monday": monday.strftime("%d.%m.%Y"), "count": len(in_week), "allowed": allowed}
    return problems


NOT_CHECKED = object()


def attendance_record(
    *,
    plan: WorkActivityPlan,
    days: list[DayInput],
    acting_user: Worker,
    seen: dt.datetime | object | None = NOT_CHECKED,
) -> list[Attendance]:
    """Record days present (hours) or absent (reason), all or nothing. A day recorded again
    is corrected; given `seen` (when the form's week was last recorded), a day someone else
    recorded after that is refused instead. Each absence reported by the organiser is told
    to the counsellor at once."""
    permissions.require(
        may_record_attendance(acting_user, plan),
        _("Only the organiser of the participant's place and the case's workers record it."),
    )
    if not days:
        raise MissingContent({"days": _("Record at least one day.")})
    by_day: dict[dt.date, DayInput] = {}
    problems = {}
    for index, entry in enumerate(days):
        key = f"day_{index + 1}"
        if entry.day in by_day:
            problems[key] = _("The same day twice.")
            continue
        by_day[entry.day] = entry
        problems |= _day_problems(plan, entry, key)
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        current = (
            WorkActivityPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
        )
        problems = _week_problems(current, by_day)
        if problems:
            raise MissingContent(problems)
        now = clock.now()
        existing = {a.day: a for a in current.attendance.filter(day__in=list(by_day))}
        if seen is not NOT_CHECKED and any(
            seen is None or row.recorded_at > seen for row in existing.values()
        ):
            raise ConflictError(
                _(
                    "Someone else recorded this week while you were editing it. What you "
                    "typed is kept below: check the days and save again."
                )
            )
        written = []
        for day, entry in sorted(by_day.items()):
            row = existing.get(day) or Attendance(plan=current, day=day)
            was_absent = row.pk is not None and not row.present
            row.present = entry.present
            row.hours = entry.hours if entry.present else None
            row.absence_reason = "" if entry.present else entry.absence_reason
            row.note = entry.note.strip()[:300]
            row.recorded_by, row.recorded_at = acting_user, now
            row.save()
            written.append(row)
            if not entry.present and not was_absent:
                _absence_reported(current, row, acting_user)
        present = [a for a in written if a.present]
        _step(
            current,
            Activity.ATTENDANCE_RECORDED,
            acting_user,
            work_plan=str(current.pk),
            first=written[0].day.isoformat(),
            last=written[-1].day.isoformat(),
            present_days=len(present),
            hours=str(sum((a.hours for a in present), Decimal(0))),
            absent_days=len(written) - len(present),
        )
    return written


def _absence_reported(plan: WorkActivityPlan, row: Attendance, actor: Worker) -> None:
    _step(
        plan,
        Activity.ABSENCE_REPORTED,
        actor,
        work_plan=str(plan.pk),
        day=row.day.isoformat(),
        reason=row.absence_reason,
    )
    if actor.pk != plan.counsellor_id:
        notify(
            recipient=plan.counsellor,
            kind="work_activity_absence",
            link=f"/activation/plans/{plan.pk}/#absences",
            place=plan.place.name,
            day=row.day.isoformat(),
            reason=row.absence_reason,
        )


def authority_informed(
    *, attendance: Attendance, informed_on: dt.date | None, acting_user: Worker
) -> Attendance:
    """The counsellor told the employment authority of the absence."""
    plan = attendance.plan
    require_case_worker(acting_user, plan.case)
    if attendance.present:
        raise DomainError(_("Only an absence is told to the employment authority."))
    informed_on = informed_on or clock.today()
    if informed_on > clock.today() or informed_on < attendance.day:
        raise DomainError(
            _("The day it was told falls between the absence and today."), field="informed_on"
        )
    with transaction.atomic():
        row = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if row.authority_informed_on is not None:
            return row
        row.authority_informed_on, row.authority_informed_by = informed_on, acting_user
        row.save(update_fields=["authority_informed_on", "authority_informed_by"])
        _step(
            plan,
            Activity.AUTHORITY_INFORMED,
            acting_user,
            work_plan=str(plan.pk),
            day=row.day.isoformat(),
            informed_on=informed_on.isoformat(),
        )
    return row


# --- Evaluations and the end ---


def mid_evaluation_record(
    *,
    plan: WorkActivityPlan,
    held_on: dt.date | None,
    summary: str,
    participant_view: str,
    organiser_view: str,
    outcome: str,
    acting_user: Worker,
) -> Evaluation:
    """The mid-evaluation and the plan's review: continue, change or end."""
    require_case_worker(acting_user, plan.case)
    _open_case(plan.case)
    problems = {}
    if held_on is None or held_on > clock.today() or held_on < plan.starts_on:
        problems["held_on"] = _("Give the day it was held: during the period, not in the future.")
    if len(summary.strip()) < 10:
        problems["summary"] = _("Write the evaluation: how the goals were met.")
    if outcome not in Continuation.values:
        problems["outcome"] = _("Choose what happens next.")
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        current = _locked_plan(plan, None)
        evaluation = Evaluation.objects.create(
            plan=current,
            kind=EvaluationKind.MID,
            held_on=held_on,
            summary=summary.strip(),
            participant_view=participant_view.strip(),
            organiser_view=organiser_view.strip(),
            outcome=outcome,
            recorded_by=acting_user,
            created_at=clock.now(),
        )
        _step(
            current,
            Activity.MID_EVALUATION_HELD,
            acting_user,
            work_plan=str(current.pk),
            held_on=held_on.isoformat(),
            outcome=outcome,
        )
    return evaluation


INTERRUPTIONS = frozenset(EndReason.values) - {EndReason.COMPLETED}


def work_plan_end(
    *,
    plan: WorkActivityPlan,
    ended_on: dt.date | None,
    reason: str,
    final_evaluation: str,
    continuation: str,
    expected_revision: int | None,
    acting_user: Worker,
) -> WorkActivityPlan:
    """End the period with the final evaluation, the reason (completed, or why it was
    interrupted) and the continuation plan."""
    require_case_worker(acting_user, plan.case)
    problems = {}
    if reason not in EndReason.values:
        problems["reason"] = _("Choose the reason for ending.")
    if ended_on is None or ended_on < plan.starts_on or ended_on > plan.ends_on:
        problems["ended_on"] = _("The period ends between its start and its planned end.")
    elif ended_on > clock.today():
        problems["ended_on"] = _("The date cannot be in the future.")
    if len(final_evaluation.strip()) < 10:
        problems["final_evaluation"] = _("Write the final evaluation.")
    if len(continuation.strip()) < 5:
        problems["continuation"] = _("Write the continuation plan: what happens next.")
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        current = _locked_plan(plan, expected_revision)
        if current.attendance.filter(day__gt=ended_on).exists():
            raise DomainError(
                _("Attendance is recorded after that day: the period cannot end before it."),
                field="ended_on",
            )
        interrupted = reason in INTERRUPTIONS
        current.status = WorkPlanStatus.INTERRUPTED if interrupted else WorkPlanStatus.ENDED
        current.ended_on, current.end_reason = ended_on, reason
        current.continuation = continuation.strip()
        current.revision += 1
        current.updated_at = clock.now()
        current.save()
        Evaluation.objects.create(
            plan=current,
            kind=EvaluationKind.FINAL,
            held_on=ended_on,
            summary=final_evaluation.strip(),
            recorded_by=acting_user,
            created_at=clock.now(),
        )
        _step(
            current,
            Activity.WORK_ACTIVITY_ENDED,
            acting_user,
            work_plan=str(current.pk),
            ended_on=ended_on.isoformat(),
            reason=reason,
            interrupted=interrupted,
        )
    return current


# --- The monthly allowance ---


@dataclass(frozen=True)
class MonthFigures:
    days: int
    allowance: Decimal
    travel: Decimal

    @property
    def total(self) -> Decimal:
        return self.allowance + self.travel


def month_figures(plan: WorkActivityPlan, present_days: int, per_day: Decimal) -> MonthFigures:
    """The month's activity allowance (for an income support recipient) and travel costs."""
    allowance = (present_days * per_day if plan.activity_allowance else Decimal(0)).quantize(CENT)
    travel = rules.travel_cost(present_days, plan.fare_per_day, plan.monthly_ticket).quantize(CENT)
    return MonthFigures(present_days, allowance, travel)


def allowance_pay(
    *, plan: WorkActivityPlan, month: dt.date, present_days: int, acting_user: Worker
) -> AllowanceMonth:
    """Schedule the month's payment in the county's payment batches."""
    require_case_worker(acting_user, plan.case)
    month = month.replace(day=1)
    if calendar.add_months(month, 1) > clock.today():
        raise DomainError(_("A month is paid after it has ended."), field="month")
    if plan.decision_id is None:
        raise DomainError(
            _("Link the decision on work activity to the plan before paying."), field="decision"
        )
    if not plan.iban:
        raise DomainError(_("Give the account for the allowance first."), field="iban")
    figures = month_figures(plan, present_days, settings_for(plan.county).allowance_per_day)
    if figures.total <= 0:
        raise DomainError(_("Nothing to pay for the month."), field="month")
    with transaction.atomic():
        current = (
            WorkActivityPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
        )
        if current.allowances.filter(month=month).exists():
            raise DomainError(_("The month is already paid."), field="month")
        payment = Payment.objects.create(
            county=current.county,
            decision=current.decision,
            client=current.client,
            payee_kind=PayeeKind.CLIENT,
            payee_name=current.client.display_name[:70],
            iban=current.iban,
            amount=figures.total,
            # The bank shows it to the payee: the month, never the client's circumstances.
            message=f"Toimintaraha / Verksamhetspenning {month:%m/%Y}",
            pay_on=calendar.next_working_day(clock.today()),
            created_at=clock.now(),
            created_by=acting_user,
        )
        paid = AllowanceMonth.objects.create(
            plan=current,
            month=month,
            days=figures.days,
            allowance=figures.allowance,
            travel=figures.travel,
            payment=payment,
            created_by=acting_user,
            created_at=clock.now(),
        )
        facts = {"work_plan": str(current.pk), "month": month.isoformat()}
        _step(
            current,
            Activity.ALLOWANCE_CALCULATED,
            acting_user,
            **facts,
            days=figures.days,
            allowance=_money(figures.allowance),
            travel=_money(figures.travel),
        )
        _step(
            current,
            Activity.PAYMENT_SCHEDULED,
            acting_user,
            decision=str(current.decision_id),
            payment=str(payment.pk),
            payee_kind=payment.payee_kind,
            amount=_money(payment.amount),
            pay_on=payment.pay_on.isoformat(),
        )
    return paid

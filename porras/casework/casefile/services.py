"""Writes of the case file: appointments, the service need assessment, the client plan,
packages, reviews, the narrative and closure.

Every write locks the case row, refuses a closed case, checks who may act, writes its
client document and its event in one transaction, and moves the case's stage only along
`STAGE_TRANSITIONS`.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from porras.casework.models import (
    APPOINTMENT_TRANSITIONS,
    SHIPPED_PACKAGES,
    STAGE_TRANSITIONS,
    SURVEY_DOMAINS,
    Appointment,
    AppointmentMode,
    AppointmentPurpose,
    AppointmentStatus,
    AssessmentStatus,
    Case,
    CasePackage,
    CaseStatus,
    ClientPlan,
    ClosureReason,
    GoalReview,
    NarrativeEntry,
    Performer,
    PlanGoal,
    PlanMeasure,
    PlanReview,
    PlanStatus,
    ServiceNeedAssessment,
    ServicePackage,
    Stage,
)
from porras.casework.selectors import settings_for
from porras.casework.services import case_step, locked_case
from porras.clients import selectors as client_selectors
from porras.clients import services as client_services
from porras.core import calendar, clock, deadlines
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.eventlog.activities import Activity
from porras.people import permissions
from porras.people.models import Worker

# Corrections of the narrative are new entries once this much time has passed.
NARRATIVE_EDIT_WINDOW = dt.timedelta(hours=24)
# An appointment is booked at most this far ahead, or recorded this far afterwards.
BOOKING_AHEAD = dt.timedelta(days=366)
BOOKING_AFTERWARDS = dt.timedelta(days=30)


# --- helpers ---


def require_case_worker(user: Worker, case: Case) -> None:
    permissions.require(
        permissions.works_on_case(
            user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
        ),
        _("Only the case's responsible worker and co-worker do this."),
    )


def _document(case: Case, user: Worker) -> dict:
    now = clock.now()
    return {
        "county": case.county,
        "author": user,
        "author_role": user.role,
        "created_at": now,
        "updated_at": now,
    }


def check_revision(obj, expected_revision: int | None) -> None:
    if expected_revision is not None and obj.revision != expected_revision:
        raise ConflictError(
            _(
                "Someone else saved this while you were editing it. Your text is kept below: "
                "compare it with the saved version and save again."
            )
        )


def _touch(obj) -> None:
    obj.revision += 1
    obj.updated_at = clock.now()


def move_stage(case: Case, to: str, actor: Worker) -> None:
    """Move a locked, open case to stage `to` along the transition table (no-op if there)."""
    if case.stage == to:
        return
    if to not in STAGE_TRANSITIONS[case.stage]:
        raise DomainError(
            _("The case cannot move from %(from)s to %(to)s.")
            % {"from": Stage(case.stage).label, "to": Stage(to).label}
        )
    previous = case.stage
    case.stage = to
    case.version += 1
    case.save(update_fields=["stage", "version"])
    case_step(case, Activity.CASE_STAGE_CHANGED, actor, previous=previous, stage=to)


def _not_in_future(day: dt.date, field_name: str) -> None:
    if day > clock.today():
        raise DomainError(_("The date cannot be in the future."), field=field_name)


def _within_a_year(start: dt.date, due: dt.date, field_name: str) -> None:
    latest = calendar.add_months(start, deadlines.PLAN_REVIEW_MAX_MONTHS)
    if due <= start:
        raise DomainError(
            _("The review date must be after %(date)s.") % {"date": f"{start:%d.%m.%Y}"},
            field=field_name,
        )
    if due > latest:
        raise DomainError(
            _(
                "A client plan is reviewed at least once a year: choose a review date on "
                "%(date)s or earlier."
            )
            % {"date": f"{latest:%d.%m.%Y}"},
            field=field_name,
        )


# --- Service packages ---


def packages_for(county) -> list[ServicePackage]:
    """The county's packages in use; the four shipped ones are made on first use (also
    when the county added its own first). Taking one out of use is `active = False`."""
    codes = set(ServicePackage.objects.filter(county=county).values_list("code", flat=True))
    if not codes >= set(SHIPPED_PACKAGES):
        ServicePackage.objects.bulk_create(
            [
                ServicePackage(county=county, code=code, order=index)
                for index, code in enumerate(SHIPPED_PACKAGES, start=1)
                if code not in codes
            ],
            ignore_conflicts=True,
        )
    return list(ServicePackage.objects.filter(county=county, active=True))


def _package_start(case: Case, package: ServicePackage, user: Worker, started_on) -> CasePackage:
    running = CasePackage.objects.filter(case=case, package=package, ended_on__isnull=True)
    if running.exists():
        return running.get()
    case_package = CasePackage.objects.create(
        case=case, package=package, started_on=started_on, **_document(case, user)
    )
    case_step(
        case,
        Activity.PACKAGE_STARTED,
        user,
        package=package.code,
        started_on=started_on.isoformat(),
    )
    return case_package


def package_start(
    *, case: Case, package: ServicePackage, started_on: dt.date, acting_user: Worker
) -> CasePackage:
    require_case_worker(acting_user, case)
    if package.county_id != case.county_id or not package.active:
        raise DomainError(_("Choose one of the county's service packages."), field="package")
    _not_in_future(started_on, "started_on")
    with transaction.atomic():
        current = locked_case(case, None)
        if CasePackage.objects.filter(
            case=current, package=package, ended_on__isnull=True
        ).exists():
            raise DomainError(_("The case is already in this package."), field="package")
        return _package_start(current, package, acting_user, started_on)


def _package_end(case_package: CasePackage, user: Worker, ended_on: dt.date) -> None:
    case_package.ended_on = ended_on
    case_package.ended_by = user
    _touch(case_package)
    case_package.save()
    case_step(
        case_package.case,
        Activity.PACKAGE_ENDED,
        user,
        package=case_package.package.code,
        ended_on=ended_on.isoformat(),
    )


def package_end(*, case_package: CasePackage, ended_on: dt.date, acting_user: Worker) -> None:
    case = case_package.case
    require_case_worker(acting_user, case)
    _not_in_future(ended_on, "ended_on")
    if ended_on < case_package.started_on:
        raise DomainError(
            _("The package cannot end before it started (%(date)s).")
            % {"date": f"{case_package.started_on:%d.%m.%Y}"},
            field="ended_on",
        )
    with transaction.atomic():
        locked_case(case, None)
        current = CasePackage.objects.select_for_update().get(pk=case_package.pk)
        if current.ended_on is not None:
            raise ConflictError(_("The package has already ended."))
        current.case = case
        _package_end(current, acting_user, ended_on)


# --- Appointments ---


@dataclass
class Booking:
    purpose: str
    starts_at: dt.datetime
    mode: str
    duration_minutes: int = 60
    place: str = ""
    client_takes_part: bool = True
    workers: list = field(default_factory=list)
    partners: str = ""


def _check_booking(case: Case, booking: Booking) -> None:
    now = clock.now()
    if booking.purpose not in AppointmentPurpose.values:
        raise DomainError(_("Choose the purpose of the appointment."), field="purpose")
    if booking.mode not in AppointmentMode.values:
        raise DomainError(_("Choose how you meet."), field="mode")
    if booking.starts_at > now + BOOKING_AHEAD:
        raise DomainError(_("Book at most a year ahead."), field="starts_at")
    if booking.starts_at < now - BOOKING_AFTERWARDS:
        raise DomainError(
            _("An appointment can be recorded afterwards for 30 days at most."), field="starts_at"
        )
    if booking.starts_at < case.opened_at - BOOKING_AFTERWARDS:
        raise DomainError(_("The time is before the case was opened."), field="starts_at")
    if not 5 <= booking.duration_minutes <= 480:
        raise DomainError(
            _("The duration is between 5 minutes and 8 hours."), field="duration_minutes"
        )
    if booking.mode == AppointmentMode.IN_PERSON and not booking.place.strip():
        raise DomainError(_("Say where you meet."), field="place")
    strangers = [w for w in booking.workers if w.county_id != case.county_id or not w.is_active]
    if strangers:
        raise DomainError(_("Choose workers of your own county."), field="workers")


def appointment_book(*, case: Case, booking: Booking, acting_user: Worker) -> Appointment:
    """Book an appointment from the case. The case's workers take part unless others are
    chosen; taking part in a meeting gives no access to the client's data."""
    require_case_worker(acting_user, case)
    _check_booking(case, booking)
    with transaction.atomic():
        current = locked_case(case, None)
        appointment = Appointment.objects.create(
            case=current,
            purpose=booking.purpose,
            starts_at=booking.starts_at,
            duration_minutes=booking.duration_minutes,
            mode=booking.mode,
            place=booking.place.strip(),
            client_takes_part=booking.client_takes_part,
            partners=booking.partners.strip(),
            **_document(current, acting_user),
        )
        workers = booking.workers or [
            w for w in (current.responsible, current.co_worker) if w is not None
        ]
        appointment.workers.set(workers)
        case_step(
            current,
            Activity.APPOINTMENT_BOOKED,
            acting_user,
            appointment=str(appointment.pk),
            purpose=appointment.purpose,
            starts_at=appointment.starts_at.isoformat(),
            mode=appointment.mode,
        )
        if appointment.purpose == AppointmentPurpose.REVIEW and current.stage == Stage.MEASURES:
            move_stage(current, Stage.REVIEW, acting_user)
        return appointment


_OUTCOME_ACTIVITY = {
    AppointmentStatus.KEPT: Activity.APPOINTMENT_KEPT,
    AppointmentStatus.NO_SHOW: Activity.APPOINTMENT_NO_SHOW,
    AppointmentStatus.CANCELLED_BY_CLIENT: Activity.APPOINTMENT_CANCELLED,
    AppointmentStatus.CANCELLED_BY_US: Activity.APPOINTMENT_CANCELLED,
}


def appointment_record_outcome(
    *,
    appointment: Appointment,
    status: str,
    note: str = "",
    expected_revision: int | None = None,
    acting_user: Worker,
) -> Appointment:
    """Kept, no-show or cancelled (by the client or by us); once, and only after the
    time for the first two."""
    case = appointment.case
    permissions.require(
        permissions.works_on_case(
            acting_user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
        )
        or appointment.workers.filter(pk=acting_user.pk).exists(),
        _("Only the workers of the appointment record its outcome."),
    )
    if status not in _OUTCOME_ACTIVITY:
        raise DomainError(_("Choose what happened."), field="status")
    with transaction.atomic():
        current_case = locked_case(case, None)
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if status not in APPOINTMENT_TRANSITIONS.get(current.status, set()):
            raise ConflictError(
                _("The outcome was already recorded: %(outcome)s.")
                % {"outcome": current.get_status_display()}
            )
        check_revision(current, expected_revision)
        if (
            status in (AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW)
            and current.starts_at > clock.now()
        ):
            raise DomainError(
                _("The appointment has not started yet: it can only be cancelled."),
                field="status",
            )
        current.status = status
        current.outcome_note = note.strip()
        current.outcome_at = clock.now()
        current.outcome_by = acting_user
        _touch(current)
        current.save()
        attributes = {
            "appointment": str(current.pk),
            "purpose": current.purpose,
            "starts_at": current.starts_at.isoformat(),
        }
        if _OUTCOME_ACTIVITY[status] == Activity.APPOINTMENT_CANCELLED:
            attributes["by"] = "client" if status == AppointmentStatus.CANCELLED_BY_CLIENT else "us"
        case_step(current_case, _OUTCOME_ACTIVITY[status], acting_user, **attributes)
        return current


# --- Service need assessment (SHL §§ 36–37) ---

ASSESSMENT_CONTENT = (
    *SURVEY_DOMAINS,
    "situation_summary",
    "client_view",
    "needs_client_relationship",
    "special_support_need",
    "special_support_grounds",
    "needs_responsible_worker",
    "proposed_services",
)


def assessment_start(
    *, case: Case, started_on: dt.date | None = None, acting_user: Worker
) -> ServiceNeedAssessment:
    """Start a service need assessment; it is to be completed within the county's target."""
    require_case_worker(acting_user, case)
    started_on = started_on or clock.today()
    _not_in_future(started_on, "started_on")
    if started_on < clock.today() - BOOKING_AFTERWARDS:
        raise DomainError(_("Record the start at most 30 days afterwards."), field="started_on")
    with transaction.atomic():
        current = locked_case(case, None)
        if current.service_need_assessments.filter(status=AssessmentStatus.IN_PROGRESS).exists():
            raise ConflictError(_("A service need assessment is already in progress."))
        first = not current.service_need_assessments.exists()
        months = settings_for(current.county).assessment_completion_months
        due = deadlines.due_date("assessment_completion", started_on, target_months=months)
        assessment = ServiceNeedAssessment.objects.create(
            case=current,
            started_on=started_on,
            completion_due=due.due_date,
            **_document(current, acting_user),
        )
        attributes = {
            "started_on": started_on.isoformat(),
            "completion_due": due.due_date.isoformat(),
        }
        if first and current.assessment_start_due:
            attributes["start_due"] = current.assessment_start_due.isoformat()
            attributes["on_time"] = started_on <= current.assessment_start_due
        case_step(current, Activity.ASSESSMENT_STARTED, acting_user, **attributes)
        if current.stage != Stage.ASSESSMENT:
            move_stage(current, Stage.ASSESSMENT, acting_user)
        return assessment


def _locked_assessment(assessment, expected_revision) -> ServiceNeedAssessment:
    current = ServiceNeedAssessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != AssessmentStatus.IN_PROGRESS:
        raise ConflictError(_("The assessment was completed: it can no longer be changed."))
    check_revision(current, expected_revision)
    return current


def _apply_content(obj, content: dict, names) -> None:
    for name in names:
        if name in content:
            value = content[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def assessment_save(
    *,
    assessment: ServiceNeedAssessment,
    content: dict,
    proposed_packages=None,
    expected_revision: int | None,
    acting_user: Worker,
) -> ServiceNeedAssessment:
    """Save the assessment's content as it stands; nothing is mandatory until completion."""
    require_case_worker(acting_user, assessment.case)
    with transaction.atomic():
        locked_case(assessment.case, None)
        current = _locked_assessment(assessment, expected_revision)
        _apply_content(current, content, ASSESSMENT_CONTENT)
        _touch(current)
        current.save()
        if proposed_packages is not None:
            current.proposed_packages.set(proposed_packages)
        return current


def _missing_assessment_content(a: ServiceNeedAssessment) -> dict:
    missing = {}
    if not any(getattr(a, name).strip() for name in SURVEY_DOMAINS):
        missing[SURVEY_DOMAINS[0]] = _("Describe at least one area of the initial survey.")
    if not a.situation_summary.strip():
        missing["situation_summary"] = _("Summarise the client's situation (SHL § 37).")
    if not a.client_view.strip():
        missing["client_view"] = _("Record the client's own view (SHL § 37).")
    if a.needs_client_relationship is None:
        missing["needs_client_relationship"] = _("Conclude whether the client needs services.")
    if a.special_support_need is None:
        missing["special_support_need"] = _(
            "Conclude whether the client has a special support need."
        )
    elif a.special_support_need and not a.special_support_grounds.strip():
        missing["special_support_grounds"] = _("Give the grounds for the special support need.")
    if a.needs_responsible_worker is None:
        missing["needs_responsible_worker"] = _(
            "Conclude whether the client needs a responsible worker (SHL § 42)."
        )
    return missing


def assessment_complete(
    *,
    assessment: ServiceNeedAssessment,
    content: dict,
    proposed_packages=None,
    completed_on: dt.date | None = None,
    expected_revision: int | None,
    acting_user: Worker,
) -> ServiceNeedAssessment:
    """Complete the assessment with its conclusions. Every missing piece is named; a
    special support need is concluded only by a social worker in public office."""
    require_case_worker(acting_user, assessment.case)
    completed_on = completed_on or clock.today()
    _not_in_future(completed_on, "completed_on")
    with transaction.atomic():
        case = locked_case(assessment.case, None)
        current = _locked_assessment(assessment, expected_revision)
        if completed_on < current.started_on:
            raise DomainError(
                _("The assessment cannot be completed before it started (%(date)s).")
                % {"date": f"{current.started_on:%d.%m.%Y}"},
                field="completed_on",
            )
        _apply_content(current, content, ASSESSMENT_CONTENT)
        missing = _missing_assessment_content(current)
        if missing:
            raise MissingContent(missing)
        if current.special_support_need and not permissions.can_conclude_special_support(
            acting_user
        ):
            raise DomainError(
                _(
                    "A special support need is concluded by a social worker in public office "
                    "(Social Welfare Act, sections 3 and 36). Ask the team's social worker to "
                    "complete the assessment."
                ),
                field="special_support_need",
            )
        if not current.special_support_need:
            current.special_support_grounds = ""
        current.status = AssessmentStatus.COMPLETED
        current.completed_on = completed_on
        current.completed_by = acting_user
        _touch(current)
        current.save()
        if proposed_packages is not None:
            current.proposed_packages.set(proposed_packages)
        case_step(
            case,
            Activity.ASSESSMENT_COMPLETED,
            acting_user,
            started_on=current.started_on.isoformat(),
            completed_on=completed_on.isoformat(),
            on_time=completed_on <= current.completion_due,
            needs_client_relationship=current.needs_client_relationship,
            special_support_need=current.special_support_need,
            needs_responsible_worker=current.needs_responsible_worker,
        )
        if current.needs_client_relationship and case.stage == Stage.ASSESSMENT:
            move_stage(case, Stage.PLANNING, acting_user)
        return current


# --- Client plan (SHL § 39) ---


@dataclass
class GoalInput:
    text: str
    measures: list[dict] = field(default_factory=list)  # text, performer, partner, package


PLAN_CONTENT = (
    "life_situation",
    "strengths",
    "client_view",
    "meeting_frequency",
    "estimated_duration",
    "follow_up",
    "invited",
)


def plan_draft(*, case: Case, acting_user: Worker) -> ClientPlan:
    """Open a new version of the plan to edit: a copy of the one in force, or an empty one."""
    require_case_worker(acting_user, case)
    with transaction.atomic():
        current = locked_case(case, None)
        existing = current.plans.filter(status=PlanStatus.DRAFT).first()
        if existing:
            return existing
        return _new_draft(current, acting_user)


def _new_draft(case: Case, user: Worker) -> ClientPlan:
    source = (
        case.plans.filter(status=PlanStatus.IN_FORCE).prefetch_related("goals__measures").first()
    )
    number = (case.plans.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ClientPlan(case=case, number=number, **_document(case, user))
    if source:
        for name in PLAN_CONTENT:
            setattr(draft, name, getattr(source, name))
    draft.save()
    if source:
        _write_goals(
            draft,
            [
                GoalInput(
                    goal.text,
                    [
                        {
                            "text": m.text,
                            "performer": m.performer,
                            "partner": m.partner,
                            "package": m.package,
                        }
                        for m in goal.measures.all()
                    ],
                )
                for goal in source.goals.all()
            ],
        )
    return draft


def _write_goals(plan: ClientPlan, goals: list[GoalInput]) -> None:
    plan.goals.all().delete()
    for order, goal in enumerate(goals, start=1):
        row = PlanGoal.objects.create(plan=plan, order=order, text=goal.text.strip())
        PlanMeasure.objects.bulk_create(
            [
                PlanMeasure(
                    goal=row,
                    order=index,
                    text=measure["text"].strip(),
                    performer=measure["performer"],
                    partner=(measure.get("partner") or "").strip(),
                    package=measure.get("package"),
                )
                for index, measure in enumerate(goal.measures, start=1)
            ]
        )


def _check_goals(goals: list[GoalInput], county_id, *, complete: bool) -> dict:
    missing = {}
    if complete and not goals:
        missing["goals"] = _("Write at least one goal.")
    for number, goal in enumerate(goals, start=1):
        if not goal.text.strip():
            missing[f"goal-{number}"] = _("Goal %(n)s has no text.") % {"n": number}
        if complete and not goal.measures:
            missing[f"goal-{number}"] = _(
                "Goal %(n)s needs at least one measure: what is done, and by whom."
            ) % {"n": number}
        for measure in goal.measures:
            package = measure.get("package")
            if package is not None and package.county_id != county_id:
                missing["measures"] = _("Choose one of the county's service packages.")
            if measure.get("performer") not in Performer.values:
                missing["measures"] = _("Say who does each measure.")
            if (
                measure.get("performer") == Performer.PARTNER
                and not (measure.get("partner") or "").strip()
            ):
                missing["measures"] = _("Name the partner who does the measure.")
    return missing


def _locked_draft(plan: ClientPlan, expected_revision) -> ClientPlan:
    current = ClientPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status != PlanStatus.DRAFT:
        raise ConflictError(
            _("This version of the plan is no longer a draft: %(status)s.")
            % {"status": current.get_status_display()}
        )
    check_revision(current, expected_revision)
    return current


def plan_save(
    *,
    plan: ClientPlan,
    content: dict,
    goals: list[GoalInput],
    expected_revision: int | None,
    acting_user: Worker,
) -> ClientPlan:
    """Save the draft as it stands (goals without measures are fine until it is made)."""
    require_case_worker(acting_user, plan.case)
    with transaction.atomic():
        locked_case(plan.case, None)
        current = _locked_draft(plan, expected_revision)
        problems = _check_goals(goals, current.case.county_id, complete=False)
        if problems:
            raise MissingContent(problems)
        _apply_content(current, content, PLAN_CONTENT)
        _touch(current)
        current.save()
        _write_goals(current, goals)
        return current


def plan_make(
    *,
    plan: ClientPlan,
    content: dict,
    goals: list[GoalInput],
    made_on: dt.date,
    review_due: dt.date | None,
    client_agrees: bool | None,
    expected_revision: int | None,
    acting_user: Worker,
) -> ClientPlan:
    """Make the draft the plan in force, agreed with the client: the earlier version is
    superseded and the packages its measures name start."""
    case = plan.case
    require_case_worker(acting_user, case)
    with transaction.atomic():
        current_case = locked_case(case, None)
        current = _locked_draft(plan, expected_revision)
        _apply_content(current, content, PLAN_CONTENT)
        missing = _check_goals(goals, current_case.county_id, complete=True)
        if not current.client_view.strip():
            missing["client_view"] = _("Record the client's own view and proposals.")
        if not current.follow_up.strip():
            missing["follow_up"] = _("Say how progress is followed and evaluated.")
        if client_agrees is None:
            missing["client_agrees"] = _("Record whether the client agrees with the plan.")
        if review_due is None:
            missing["review_due"] = _("Choose the review date (at least once a year).")
        if missing:
            raise MissingContent(missing)
        if made_on > clock.today():
            raise DomainError(_("The date cannot be in the future."), field="made_on")
        _within_a_year(made_on, review_due, "review_due")
        if not current_case.service_need_assessments.filter(
            status=AssessmentStatus.COMPLETED
        ).exists():
            raise DomainError(
                _("The client plan is made after the service need assessment is completed.")
            )
        earlier = current_case.plans.filter(status=PlanStatus.IN_FORCE).first()
        if earlier:
            earlier.status = PlanStatus.SUPERSEDED
            _touch(earlier)
            earlier.save()
        current.status = PlanStatus.IN_FORCE
        current.made_on = made_on
        current.made_by = acting_user
        current.review_due = review_due
        current.client_agrees = client_agrees
        _touch(current)
        current.save()
        _write_goals(current, goals)
        case_step(
            current_case,
            Activity.PLAN_MADE,
            acting_user,
            plan=current.number,
            made_on=made_on.isoformat(),
            review_due=review_due.isoformat(),
            client_agrees=client_agrees,
            goals=len(goals),
        )
        packages = {m["package"] for g in goals for m in g.measures if m.get("package")}
        for package in sorted(packages, key=lambda p: p.order):
            _package_start(current_case, package, acting_user, made_on)
        if current_case.stage in (Stage.PLANNING, Stage.REVIEW):
            move_stage(current_case, Stage.MEASURES, acting_user)
        return current


def plan_refuse(*, case: Case, reason: str, acting_user: Worker) -> ClientPlan:
    """The client refused a client plan: recorded with the reason; the work goes on."""
    require_case_worker(acting_user, case)
    if len(reason.strip()) < 5:
        raise DomainError(_("Write down why the client refused the plan."), field="reason")
    with transaction.atomic():
        current_case = locked_case(case, None)
        plan = current_case.plans.filter(status=PlanStatus.DRAFT).first() or _new_draft(
            current_case, acting_user
        )
        plan.status = PlanStatus.REFUSED
        plan.refusal_reason = reason.strip()
        plan.made_on = clock.today()
        plan.made_by = acting_user
        _touch(plan)
        plan.save()
        case_step(current_case, Activity.PLAN_REFUSED, acting_user, plan=plan.number)
        if current_case.stage in (Stage.PLANNING, Stage.REVIEW):
            move_stage(current_case, Stage.MEASURES, acting_user)
        return plan


def plan_review(
    *,
    plan: ClientPlan,
    reviewed_on: dt.date,
    summary: str,
    next_review_due: dt.date,
    plan_continues: bool,
    outcomes: dict,
    participants: str = "",
    acting_user: Worker,
) -> PlanReview:
    """Review the plan in force: what was reached against each goal, and the next date.
    A plan that does not continue as it is gets a new draft version."""
    case = plan.case
    require_case_worker(acting_user, case)
    with transaction.atomic():
        current_case = locked_case(case, None)
        current = ClientPlan.objects.select_for_update().get(pk=plan.pk)
        if current.status != PlanStatus.IN_FORCE:
            raise ConflictError(_("Only the plan in force is reviewed."))
        goals = list(current.goals.all())
        missing = {}
        for goal in goals:
            outcome = outcomes.get(goal.pk, ("", ""))[0]
            if outcome not in ("reached", "partly", "not_reached", "dropped"):
                missing[f"goal-{goal.order}"] = _("Say how far goal %(n)s was reached.") % {
                    "n": goal.order
                }
        if not summary.strip():
            missing["summary"] = _("Summarise the review.")
        if missing:
            raise MissingContent(missing)
        _not_in_future(reviewed_on, "reviewed_on")
        if reviewed_on < current.made_on:
            raise DomainError(_("The review is after the plan was made."), field="reviewed_on")
        _within_a_year(reviewed_on, next_review_due, "next_review_due")
        review = PlanReview.objects.create(
            plan=current,
            reviewed_on=reviewed_on,
            participants=participants.strip(),
            summary=summary.strip(),
            plan_continues=plan_continues,
            next_review_due=next_review_due,
            **_document(current_case, acting_user),
        )
        GoalReview.objects.bulk_create(
            [
                GoalReview(
                    review=review,
                    goal=goal,
                    outcome=outcomes[goal.pk][0],
                    note=(outcomes[goal.pk][1] or "").strip(),
                )
                for goal in goals
            ]
        )
        was_due = current.review_due
        current.review_due = next_review_due
        _touch(current)
        current.save()
        reached = sum(1 for goal in goals if outcomes[goal.pk][0] == "reached")
        case_step(
            current_case,
            Activity.PLAN_REVIEWED,
            acting_user,
            plan=current.number,
            reviewed_on=reviewed_on.isoformat(),
            was_due=was_due.isoformat(),
            on_time=reviewed_on <= was_due,
            next_review_due=next_review_due.isoformat(),
            goals=len(goals),
            reached=reached,
            plan_continues=plan_continues,
        )
        if plan_continues:
            if current_case.stage == Stage.REVIEW:
                move_stage(current_case, Stage.MEASURES, acting_user)
        else:
            move_stage(current_case, Stage.PLANNING, acting_user)
            if not current_case.plans.filter(status=PlanStatus.DRAFT).exists():
                _new_draft(current_case, acting_user)
        return review


# --- Case narrative (asiakaskertomus) ---


def _require_access(user: Worker, case: Case) -> None:
    access = client_selectors.decide_access(user, case.client)
    permissions.require(
        access.allowed, _("Only workers with access to the client write in the narrative.")
    )


def narrative_write(
    *,
    case: Case,
    entry_date: dt.date,
    text: str,
    corrects: NarrativeEntry | None = None,
    acting_user: Worker,
) -> NarrativeEntry:
    """A dated entry by any worker with access to the client."""
    _require_access(acting_user, case)
    if not text.strip():
        raise DomainError(_("Write the entry."), field="text")
    _not_in_future(entry_date, "entry_date")
    if corrects is not None and corrects.case_id != case.pk:
        raise DomainError(_("Correct an entry of this case."), field="corrects")
    with transaction.atomic():
        current = locked_case(case, None)
        entry = NarrativeEntry.objects.create(
            case=current,
            entry_date=entry_date,
            text=text.strip(),
            corrects=corrects,
            **_document(current, acting_user),
        )
        attributes = {"entry": str(entry.pk)}
        if corrects is not None:
            attributes["corrects"] = str(corrects.pk)
        case_step(current, Activity.NARRATIVE_WRITTEN, acting_user, **attributes)
        return entry


def narrative_editable(entry: NarrativeEntry, user: Worker) -> bool:
    return entry.author_id == user.pk and clock.now() - entry.created_at < NARRATIVE_EDIT_WINDOW


def narrative_edit(
    *,
    entry: NarrativeEntry,
    entry_date: dt.date,
    text: str,
    expected_revision: int | None,
    acting_user: Worker,
) -> NarrativeEntry:
    """Only the author, and only within 24 hours; after that a correction is a new entry."""
    if entry.author_id != acting_user.pk:
        raise DomainError(_("Only the author changes an entry."))
    if clock.now() - entry.created_at >= NARRATIVE_EDIT_WINDOW:
        raise DomainError(
            _(
                "An entry cannot be changed after 24 hours. Write a correction as a new entry "
                "that names the one it corrects."
            )
        )
    if not text.strip():
        raise DomainError(_("Write the entry."), field="text")
    _not_in_future(entry_date, "entry_date")
    with transaction.atomic():
        current_case = locked_case(entry.case, None)
        current = NarrativeEntry.objects.select_for_update().get(pk=entry.pk)
        check_revision(current, expected_revision)
        current.text = text.strip()
        current.entry_date = entry_date
        _touch(current)
        current.save()
        case_step(
            current_case,
            Activity.NARRATIVE_WRITTEN,
            acting_user,
            entry=str(current.pk),
            revision=current.revision,
        )
        return current


# --- Closure (asiakkuuden päättäminen) ---


def closure_blockers(case: Case) -> list[Appointment]:
    """Booked appointments: each must be kept, cancelled or marked missed first."""
    return list(case.appointments.filter(status=AppointmentStatus.BOOKED).order_by("starts_at"))


def case_close(
    *,
    case: Case,
    reason: str,
    summary: str,
    expected_version: int | None,
    acting_user: Worker,
) -> Case:
    """Close the case with its reason and summary: running packages end, the workers'
    client relationships close (access follows the law), and the case becomes read-only."""
    permissions.require(
        permissions.can_close_case(
            acting_user,
            team=case.team,
            responsible_id=case.responsible_id,
            co_worker_id=case.co_worker_id,
        ),
        _("The case's workers or the team's manager close the case."),
    )
    missing = {}
    if reason not in ClosureReason.values:
        missing["reason"] = _("Choose the reason for closing.")
    if len(summary.strip()) < 10:
        missing["summary"] = _("Write a closing summary: what was done and where the client goes.")
    if missing:
        raise MissingContent(missing)
    with transaction.atomic():
        current = locked_case(case, expected_version)
        booked = closure_blockers(current)
        if booked:
            raise DomainError(
                _("Record the outcome of the booked appointments first: %(times)s.")
                % {
                    "times": ", ".join(
                        f"{timezone.localtime(a.starts_at):%d.%m.%Y %H:%M}" for a in booked
                    )
                }
            )
        today = clock.today()
        for running in current.packages.filter(ended_on__isnull=True).select_related("package"):
            running.case = current
            _package_end(running, acting_user, max(today, running.started_on))
        current.status = CaseStatus.CLOSED
        current.closed_at = clock.now()
        current.closed_by = acting_user
        current.closure_reason = reason
        current.closing_summary = summary.strip()
        current.version += 1
        current.save()
        sources = [f"case:{current.pk}", f"case:{current.pk}:co"] + [
            f"consultation:{pk}" for pk in current.consultations.values_list("pk", flat=True)
        ]
        for source in sources:
            client_services.relationship_close(client=current.client, source=source)
        case_step(current, Activity.CASE_CLOSED, acting_user, reason=reason, stage=current.stage)
        return current

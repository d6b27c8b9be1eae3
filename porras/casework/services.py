"""Writes of distribution: the four-field assessment and assigning a responsible worker."""

from django.db import transaction
from django.utils.translation import gettext as _

from porras.casework import selectors
from porras.casework.models import (
    Assignment,
    Case,
    CaseStatus,
    Consultation,
    SupportNeedAssessment,
    quadrant_of,
)
from porras.clients import services as client_services
from porras.core import clock, deadlines
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.activities import Activity
from porras.eventlog.services import record, record_item_step
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem, Status
from porras.people import permissions
from porras.people import selectors as people_selectors
from porras.people.models import Worker, role_in_sentence
from porras.people.notifications import notify
from porras.people.permissions import ClientRelation


def _require_distributor(user: Worker, team) -> None:
    permissions.require(
        permissions.can_distribute(user, team),
        _("Only this week's duty pair of the team (or its manager) distributes its matters."),
    )


def support_need_assess(
    *,
    item: IntakeItem,
    acting_user: Worker,
    special_difficulty: bool,
    broad_need: bool,
    reasons: str,
) -> SupportNeedAssessment:
    _require_distributor(acting_user, item.team)
    _check_reasons(reasons)
    with transaction.atomic():
        assessment = _new_assessment(
            county=item.county,
            client=item.client,
            item=item,
            special_difficulty=special_difficulty,
            broad_need=broad_need,
            reasons=reasons,
            acting_user=acting_user,
        )
        record_item_step(
            item=item,
            activity=Activity.CASE_SUPPORT_NEED_ASSESSED,
            actor=acting_user,
            attributes={"quadrant": assessment.quadrant},
        )
        return assessment


def _check_reasons(reasons: str) -> None:
    if not reasons.strip():
        raise DomainError(_("Give the reasons for the assessment."), field="reasons")


def _new_assessment(
    *, special_difficulty: bool, broad_need: bool, reasons: str, acting_user: Worker, **subject
) -> SupportNeedAssessment:
    """One four-field assessment of an item or a case (`subject`: county, client, item|case)."""
    return SupportNeedAssessment.objects.create(
        special_difficulty=special_difficulty,
        broad_need=broad_need,
        quadrant=quadrant_of(special_difficulty=special_difficulty, broad_need=broad_need),
        reasons=reasons.strip(),
        assessed_by=acting_user,
        assessed_at=clock.now(),
        **subject,
    )


def check_eligible(*, worker: Worker, team, county_id, quadrant: str, reason: str) -> None:
    """Refuse, with the reason, a worker who may not carry this matter."""
    rule = selectors.quadrant_rules(team.county)[quadrant]
    if not worker.is_active or worker.county_id != county_id:
        raise DomainError(
            _("%(name)s is not an active worker of this county.") % {"name": worker}, field="worker"
        )
    if worker.role != rule.role:
        raise DomainError(
            _("Quadrant %(quadrant)s is carried by a %(role)s; %(name)s is a %(actual)s.")
            % {
                "quadrant": quadrant,
                "role": role_in_sentence(rule.role),
                "name": worker,
                "actual": role_in_sentence(worker.role),
            },
            field="worker",
        )
    if rule.requires_public_office and not worker.public_office:
        raise DomainError(
            _(
                "Special support need belongs to a social worker in public office; %(name)s is "
                "not in public office."
            )
            % {"name": worker},
            field="worker",
        )
    first, last = selectors.absence_window(team.county)
    absent = people_selectors.absent_working_days(worker, first, last)
    if absent:
        raise DomainError(
            _("%(name)s is absent in the coming days (%(days)s).")
            % {"name": worker, "days": ", ".join(f"{d:%d.%m.}" for d in absent)},
            field="worker",
        )
    if not permissions.is_member(worker, team) and not reason.strip():
        raise DomainError(
            _("%(name)s is not in the team %(team)s: give the reason for assigning across teams.")
            % {"name": worker, "team": team},
            field="reason",
        )


def case_assign(*, item: IntakeItem, worker: Worker, acting_user: Worker, reason: str = "") -> Case:
    """Open the case with its responsible worker. A choice other than the recommendation
    needs a reason. Of two simultaneous assignments one wins; the other is told who."""
    _require_distributor(acting_user, item.team)
    if not IntakeItem.objects.filter(pk=item.pk, status=Status.FORWARDED).exists():
        raise _already_assigned(item)
    try:
        assessment, recommendation, overridden = _checked_choice(item, worker, reason)
    except DomainError:
        # Someone assigned the matter meanwhile (which also moves the recommendation):
        # that, not the stale choice, is what the user must hear.
        if not IntakeItem.objects.filter(pk=item.pk, status=Status.FORWARDED).exists():
            raise _already_assigned(item) from None
        raise
    with transaction.atomic():
        case = Case.objects.create(
            county=item.county,
            team=item.team,
            client=item.client,
            responsible=worker,
            quadrant=assessment.quadrant,
            opened_at=clock.now(),
            previous_case=previous_case_of(item.client),
            assessment_start_due=assessment_start_due(item),
        )
        if not intake_services.item_mark_assigned(
            item=item, acting_user=acting_user, case_id=case.pk
        ):
            raise _already_assigned(item)
        case.origin_items.add(item)
        SupportNeedAssessment.objects.filter(pk=assessment.pk).update(case=case)
        Assignment.objects.create(
            case=case,
            worker=worker,
            recommended=recommendation.worker,
            recommendation_facts=recommendation.facts,
            reason=reason.strip(),
            assigned_by=acting_user,
            assigned_at=clock.now(),
        )
        client_services.relationship_open(
            client=item.client,
            kind=ClientRelation.RESPONSIBLE,
            worker=worker,
            team=item.team,
            source=f"case:{case.pk}",
        )
        step = {"item": item, "actor": acting_user, "case_id": case.pk}
        record_item_step(
            activity=Activity.CASE_RECOMMENDED,
            **step,
            attributes={
                "worker": recommendation.worker.username if recommendation.worker else None,
                "reason": recommendation.facts,
            },
        )
        opened = {"quadrant": case.quadrant}
        if case.previous_case_id:
            opened["previous_case"] = str(case.previous_case_id)
        if case.assessment_start_due:
            opened["assessment_start_due"] = case.assessment_start_due.isoformat()
        record_item_step(activity=Activity.CASE_OPENED, **step, attributes=opened)
        record_item_step(
            activity=Activity.CASE_ASSIGNED,
            **step,
            attributes={
                "worker": worker.username,
                "role": worker.role,
                "recommended": recommendation.worker.username if recommendation.worker else None,
            },
        )
        if overridden:
            record_item_step(
                activity=Activity.CASE_ASSIGNMENT_OVERRIDDEN,
                **step,
                attributes={"reason": reason.strip()},
            )
        notify(
            recipient=worker,
            kind="case_assigned",
            link=f"/cases/{case.pk}/",
            matter=item.kind,
            pending=item.pending_date.isoformat(),
        )
        return case


def previous_case_of(client) -> Case | None:
    """The client's latest closed case: a reopened matter starts a new case linked to it."""
    return (
        Case.objects.filter(client=client, status=CaseStatus.CLOSED).order_by("-closed_at").first()
    )


def assessment_start_due(item: IntakeItem):
    """SHL § 36: for the statutory groups the assessment starts within 7 working days of
    the matter becoming pending; others have the county's targets, not a legal date."""
    if not intake_services.is_statutory(item):
        return None
    return deadlines.due_date("assessment_start_statutory", item.pending_date).due_date


def _checked_choice(item: IntakeItem, worker: Worker, reason: str):
    """The assessment and recommendation an assignment rests on; refuses an ineligible
    worker and an unexplained departure from the recommendation."""
    assessment = selectors.latest_assessment(item)
    if assessment is None:
        raise DomainError(_("Assess the support need (four-field) first."), field="worker")
    check_eligible(
        worker=worker,
        team=item.team,
        county_id=item.county_id,
        quadrant=assessment.quadrant,
        reason=reason,
    )
    recommendation = selectors.recommend(item.team, assessment.quadrant)
    overridden = recommendation.worker is None or recommendation.worker.pk != worker.pk
    if overridden and not reason.strip():
        raise DomainError(
            _("You chose someone other than the recommended worker: give the reason."),
            field="reason",
        )
    return assessment, recommendation, overridden


def _already_assigned(item: IntakeItem) -> ConflictError:
    case = Case.objects.filter(origin_items=item).select_related("responsible").first()
    who = case.responsible if case else _("someone else")
    return ConflictError(_("This matter was just distributed to %(who)s.") % {"who": who})


def accept_all(*, team, acting_user: Worker) -> tuple[list[Case], list[tuple[IntakeItem, str]]]:
    """Assign every assessed matter on the board to its recommended worker."""
    _require_distributor(acting_user, team)
    opened, skipped = [], []
    for item in selectors.board_items(team):
        assessment = selectors.latest_assessment(item)
        if assessment is None:
            skipped.append((item, _("not assessed")))
            continue
        recommendation = selectors.recommend(team, assessment.quadrant)
        if recommendation.worker is None:
            skipped.append((item, recommendation.reason))
            continue
        try:
            opened.append(
                case_assign(item=item, worker=recommendation.worker, acting_user=acting_user)
            )
        except DomainError as error:
            skipped.append((item, error.message))
    return opened, skipped


def case_step(case: Case, activity: str, actor: Worker, **attributes) -> None:
    record(
        activity=activity,
        county=case.county,
        actor=actor,
        client=case.client,
        team=case.team,
        case_id=case.pk,
        attributes=attributes,
    )


def locked_case(case: Case, expected_version: int | None) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this case while you were looking at it. "
                "Check the current situation and try again."
            )
        )
    if current.status != CaseStatus.OPEN:
        raise DomainError(_("The case is closed: its documents can be read but no longer changed."))
    return current


def case_reassess(
    *, case: Case, acting_user: Worker, special_difficulty: bool, broad_need: bool, reasons: str
) -> SupportNeedAssessment:
    """A new four-field assessment during the case; history stays. The responsible worker
    or whoever distributes the team's matters may re-assess."""
    permissions.require(
        acting_user.pk in (case.responsible_id, case.co_worker_id)
        or permissions.can_distribute(acting_user, case.team),
        _("Only the case's workers, the team's duty pair or its manager re-assess the need."),
    )
    _check_reasons(reasons)
    with transaction.atomic():
        current = locked_case(case, None)
        assessment = _new_assessment(
            county=current.county,
            client=current.client,
            case=current,
            special_difficulty=special_difficulty,
            broad_need=broad_need,
            reasons=reasons,
            acting_user=acting_user,
        )
        quadrant = assessment.quadrant
        previous = current.quadrant
        current.quadrant = quadrant
        current.version += 1
        current.save()
        case_step(
            current,
            Activity.CASE_SUPPORT_NEED_ASSESSED,
            acting_user,
            quadrant=quadrant,
            previous=previous,
        )
        return assessment


def needs_reassignment(case: Case) -> bool:
    """The responsible worker no longer fits the quadrant (e.g. the need became special)."""
    rule = selectors.quadrant_rules(case.county)[case.quadrant]
    worker = case.responsible
    return worker.role != rule.role or (rule.requires_public_office and not worker.public_office)


def case_reassign(
    *,
    case: Case,
    worker: Worker,
    acting_user: Worker,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """Change the responsible worker, always with a reason; the history keeps every step."""
    permissions.require(
        permissions.can_distribute(acting_user, case.team),
        _("Only this week's duty pair of the team (or its manager) distributes its matters."),
    )
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    check_eligible(
        worker=worker,
        team=case.team,
        county_id=case.county_id,
        quadrant=case.quadrant,
        reason=reason,
    )
    recommendation = selectors.recommend(case.team, case.quadrant, exclude=[case.responsible_id])
    with transaction.atomic():
        current = locked_case(case, expected_version)
        if worker.pk == current.responsible_id:
            raise DomainError(
                _("%(name)s is already the responsible worker.") % {"name": worker},
                field="worker",
            )
        previous = current.responsible
        client_services.relationship_close(client=current.client, source=f"case:{current.pk}")
        current.responsible = worker
        if current.co_worker_id == worker.pk:
            current.co_worker = None
        current.version += 1
        current.save()
        client_services.relationship_open(
            client=current.client,
            kind=ClientRelation.RESPONSIBLE,
            worker=worker,
            team=current.team,
            source=f"case:{current.pk}",
        )
        if current.co_worker_id:
            client_services.relationship_open(
                client=current.client,
                kind=ClientRelation.CO_WORKER,
                worker=current.co_worker,
                team=current.team,
                source=f"case:{current.pk}",
            )
        Assignment.objects.create(
            case=current,
            worker=worker,
            recommended=recommendation.worker,
            recommendation_facts=recommendation.facts,
            reason=reason.strip(),
            assigned_by=acting_user,
            assigned_at=clock.now(),
        )
        case_step(
            current,
            Activity.CASE_REASSIGNED,
            acting_user,
            previous=previous.username,
            worker=worker.username,
            reason=reason.strip(),
        )
        notify(
            recipient=worker,
            kind="case_reassigned",
            link=f"/cases/{current.pk}/",
            previous=str(previous),
        )
        return current


def move_cases_of(*, worker: Worker, team, acting_user: Worker, reason: str) -> list[Case]:
    """A long absence: the manager moves the worker's open cases, each recommended anew."""
    permissions.require(
        permissions.manages_team(acting_user, team),
        _("Only the team's manager moves a worker's cases."),
    )
    moved = []
    for case in Case.objects.filter(responsible=worker, team=team, status="open"):
        recommendation = selectors.recommend(team, case.quadrant, exclude=[worker.pk])
        if recommendation.worker is None:
            continue
        moved.append(
            case_reassign(
                case=case, worker=recommendation.worker, acting_user=acting_user, reason=reason
            )
        )
    return moved


def co_worker_set(
    *, case: Case, worker: Worker | None, acting_user: Worker, expected_version: int | None = None
) -> Case:
    """Pair work: add (or remove, with None) a co-worker to the case."""
    permissions.require(
        acting_user.pk == case.responsible_id or permissions.can_distribute(acting_user, case.team),
        _("Only the responsible worker, the team's duty pair or its manager set the co-worker."),
    )
    if worker is not None and worker.pk == case.responsible_id:
        raise DomainError(
            _("The co-worker must be someone other than the responsible worker."), field="worker"
        )
    with transaction.atomic():
        current = locked_case(case, expected_version)
        client_services.relationship_close(client=current.client, source=f"case:{current.pk}:co")
        current.co_worker = worker
        current.version += 1
        current.save()
        if worker is not None:
            client_services.relationship_open(
                client=current.client,
                kind=ClientRelation.CO_WORKER,
                worker=worker,
                team=current.team,
                source=f"case:{current.pk}:co",
            )
            notify(recipient=worker, kind="co_worker_set", link=f"/cases/{current.pk}/")
        case_step(
            current,
            Activity.CASE_CO_WORKER_SET,
            acting_user,
            worker=worker.username if worker else None,
        )
        return current


def consultation_ask(
    *, case: Case, consultant: Worker, question: str, acting_user: Worker
) -> Consultation:
    permissions.require(
        acting_user.pk in (case.responsible_id, case.co_worker_id),
        _("The case's responsible worker or co-worker asks for consultation."),
    )
    if (
        consultant.pk == acting_user.pk
        or not consultant.is_active
        or consultant.county_id != case.county_id
    ):
        raise DomainError(_("Choose a colleague to consult."), field="consultant")
    if not question.strip():
        raise DomainError(_("Write the question."), field="question")
    with transaction.atomic():
        consultation = Consultation.objects.create(
            case=case,
            asked_by=acting_user,
            consultant=consultant,
            question=question.strip(),
            asked_at=clock.now(),
        )
        client_services.relationship_open(
            client=case.client,
            kind=ClientRelation.CONSULTANT,
            worker=consultant,
            team=None,
            source=f"consultation:{consultation.pk}",
        )
        notify(
            recipient=consultant,
            kind="consultation_asked",
            link=f"/cases/{case.pk}/",
            asked_by=str(acting_user),
        )
        case_step(
            case,
            Activity.CASE_CONSULTATION_ASKED,
            acting_user,
            consultant=consultant.username,
            consultant_role=consultant.role,
        )
        return consultation


def consultation_answer(
    *, consultation: Consultation, answer: str, acting_user: Worker
) -> Consultation:
    if acting_user.pk != consultation.consultant_id:
        raise DomainError(_("Only the consulted worker answers."))
    if consultation.answered_at:
        raise DomainError(_("The consultation has already been answered."))
    if not answer.strip():
        raise DomainError(_("Write the answer."), field="answer")
    with transaction.atomic():
        consultation.answer, consultation.answered_at = answer.strip(), clock.now()
        consultation.save()
        # The consultant keeps access to read the case while the question is open only.
        client_services.relationship_close(
            client=consultation.case.client, source=f"consultation:{consultation.pk}"
        )
        notify(
            recipient=consultation.asked_by,
            kind="consultation_answered",
            link=f"/cases/{consultation.case_id}/",
            answered_by=str(acting_user),
        )
        case_step(consultation.case, Activity.CASE_CONSULTATION_ANSWERED, acting_user)
        return consultation

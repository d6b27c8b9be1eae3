"""Writes of distribution: the four-field assessment and assigning a responsible worker."""

from django.db import transaction
from django.utils.translation import gettext as _

from porras.casework import selectors
from porras.casework.models import Assignment, Case, SupportNeedAssessment, quadrant_of
from porras.clients import services as client_services
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.activities import Activity
from porras.eventlog.services import record_item_step
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem, Status
from porras.people import permissions
from porras.people import selectors as people_selectors
from porras.people.models import Notification, Role, Worker
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
    if not reasons.strip():
        raise DomainError(_("Give the reasons for the assessment."), field="reasons")
    quadrant = quadrant_of(special_difficulty=special_difficulty, broad_need=broad_need)
    with transaction.atomic():
        assessment = SupportNeedAssessment.objects.create(
            county=item.county,
            client=item.client,
            item=item,
            special_difficulty=special_difficulty,
            broad_need=broad_need,
            quadrant=quadrant,
            reasons=reasons.strip(),
            assessed_by=acting_user,
            assessed_at=clock.now(),
        )
        record_item_step(
            item=item,
            activity=Activity.CASE_SUPPORT_NEED_ASSESSED,
            actor=acting_user,
            attributes={"quadrant": quadrant},
        )
        return assessment


def check_eligible(*, worker: Worker, item: IntakeItem, quadrant: str, reason: str) -> None:
    """Refuse, with the reason, a worker who may not carry this matter."""
    rule = selectors.quadrant_rules(item.county)[quadrant]
    if not worker.is_active or worker.county_id != item.county_id:
        raise DomainError(
            _("%(name)s is not an active worker of this county.") % {"name": worker}, field="worker"
        )
    if worker.role != rule.role:
        raise DomainError(
            _("Quadrant %(quadrant)s is carried by a %(role)s; %(name)s is a %(actual)s.")
            % {
                "quadrant": quadrant,
                "role": Role(rule.role).label,
                "name": worker,
                "actual": worker.get_role_display(),
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
    first, last = selectors.absence_window(item.county)
    absent = people_selectors.absent_working_days(worker, first, last)
    if absent:
        raise DomainError(
            _("%(name)s is absent in the coming days (%(days)s).")
            % {"name": worker, "days": ", ".join(f"{d:%d.%m.}" for d in absent)},
            field="worker",
        )
    if not permissions.is_member(worker, item.team) and not reason.strip():
        raise DomainError(
            _("%(name)s is not in the team %(team)s: give the reason for assigning across teams.")
            % {"name": worker, "team": item.team},
            field="reason",
        )


def case_assign(*, item: IntakeItem, worker: Worker, acting_user: Worker, reason: str = "") -> Case:
    """Open the case with its responsible worker. A choice other than the recommendation
    needs a reason. Of two simultaneous assignments one wins; the other is told who."""
    _require_distributor(acting_user, item.team)
    if not IntakeItem.objects.filter(pk=item.pk, status=Status.FORWARDED).exists():
        raise _already_assigned(item)
    assessment = selectors.latest_assessment(item)
    if assessment is None:
        raise DomainError(_("Assess the support need (four-field) first."), field="worker")
    check_eligible(worker=worker, item=item, quadrant=assessment.quadrant, reason=reason)
    recommendation = selectors.recommend(item.team, assessment.quadrant)
    overridden = recommendation.worker is None or recommendation.worker.pk != worker.pk
    if overridden and not reason.strip():
        raise DomainError(
            _("You chose someone other than the recommended worker: give the reason."),
            field="reason",
        )
    with transaction.atomic():
        case = Case.objects.create(
            county=item.county,
            team=item.team,
            client=item.client,
            responsible=worker,
            quadrant=assessment.quadrant,
            opened_at=clock.now(),
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
            recommendation_reason=recommendation.reason[:300],
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
            activity=Activity.CASE_OPENED, **step, attributes={"quadrant": case.quadrant}
        )
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
        Notification.objects.create(
            recipient=worker,
            created_at=clock.now(),
            link=f"/cases/{case.pk}/",
            text=_("You are the responsible worker of a new case (%(kind)s, %(date)s).")
            % {"kind": item.get_kind_display(), "date": f"{item.pending_date:%d.%m.%Y}"},
        )
        return case


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

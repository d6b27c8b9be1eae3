"""Making decisions: validated as a whole, made within the maker's delegation, immutable
once made (a correction is a new decision naming the old), notified once with the
deemed day of receipt and the deadline for a request for rectification."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from porras.clients import selectors as client_selectors
from porras.clients.models import Client
from porras.core import clock, deadlines
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import (
    Decision,
    DecisionType,
    DelegationRule,
    NotificationWay,
    Outcome,
    RectificationRequest,
    Resolution,
)
from porras.eventlog import services as eventlog
from porras.eventlog.activities import Activity
from porras.people import permissions
from porras.people.models import Role, Worker

# Shipped with every county until it sets its own (seed 003's division of work): benefit
# handlers decide supplementary support up to 1,000 € and may grant preventive support up
# to 500 € but not refuse it; social workers in public office decide everything.
DEFAULT_DELEGATION = (
    (Role.BENEFIT_HANDLER, DecisionType.INCOME_SUPPLEMENTARY, "", Decimal("1000"), False),
    (Role.BENEFIT_HANDLER, DecisionType.INCOME_PREVENTIVE, Outcome.GRANTED, Decimal("500"), False),
    (
        Role.BENEFIT_HANDLER,
        DecisionType.INCOME_PREVENTIVE,
        Outcome.PARTLY_GRANTED,
        Decimal("500"),
        False,
    ),
    *((Role.SOCIAL_WORKER, kind, "", None, True) for kind in DecisionType.values),
)
MONEY_TYPES = (DecisionType.INCOME_SUPPLEMENTARY, DecisionType.INCOME_PREVENTIVE)
GRANTING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
SERVICE_IMPLEMENTATION_MONTHS = 3  # SHL § 45: the law's, not the county's
# Hallintolaki § 59 and 13/2003 § 19: a letter is deemed received on the 7th day after
# sending, an electronic notice on the 3rd; handed over in person, on the day.
DEEMED_RECEIVED_AFTER_DAYS = {
    NotificationWay.LETTER: 7,
    NotificationWay.ELECTRONIC: 3,
    NotificationWay.IN_PERSON: 0,
}


@dataclass
class DecisionInput:
    decision_type: str
    outcome: str
    reasoning: str
    legal_bases: list[str] = field(default_factory=list)
    amount: Decimal | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    decided_on: dt.date | None = None
    pending_since: dt.date | None = None  # a service decision: when the matter became pending


def _require_access(user: Worker, client: Client) -> None:
    access = client_selectors.decide_access(user, client)
    permissions.require(access.allowed, _("You have no ground to see this client."))


def _decision_step(decision: Decision, activity: str, actor: Worker, facts: dict) -> None:
    """The event of one step on a decision, in the caller's transaction."""
    eventlog.record(
        activity=activity,
        county=decision.county,
        actor=actor,
        client=decision.client,
        item_id=decision.item_id,
        case_id=decision.case_id,
        attributes={"decision": str(decision.pk), **facts},
    )


def delegation_rules(county) -> list[DelegationRule]:
    """The county's delegation rules; the shipped defaults are written on first use."""
    rules = list(DelegationRule.objects.filter(county=county))
    if not rules:
        DelegationRule.objects.bulk_create(
            [
                DelegationRule(
                    county=county,
                    role=role,
                    decision_type=kind,
                    outcome=outcome,
                    max_amount=limit,
                    public_office_required=office,
                )
                for role, kind, outcome, limit, office in DEFAULT_DELEGATION
            ]
        )
        rules = list(DelegationRule.objects.filter(county=county))
    return rules


def _problems(data: DecisionInput) -> dict:
    problems = {}
    if data.decision_type not in DecisionType.values:
        problems["decision_type"] = _("Choose the type of the decision.")
    if data.outcome not in Outcome.values:
        problems["outcome"] = _("Choose the outcome.")
    if len(data.reasoning.strip()) < 10:
        problems["reasoning"] = _(
            "Write the reasons: the facts and the provisions applied (Administrative "
            "Procedure Act, section 45)."
        )
    unknown = [code for code in data.legal_bases if code not in LEGAL_BASES]
    if not data.legal_bases or unknown:
        problems["legal_bases"] = _("Choose at least one legal basis from the list.")
    money = data.decision_type in MONEY_TYPES and data.outcome in GRANTING
    if data.amount is not None and data.amount < 0:
        problems["amount"] = _("The amount cannot be negative.")
    elif money and data.amount is None:
        problems["amount"] = _("Give the amount granted.")
    if money and (data.period_start is None or data.period_end is None):
        problems["period_start"] = _("Give the period the support is for.")
    elif data.period_start and data.period_end and data.period_end < data.period_start:
        problems["period_end"] = _("The period cannot end before it starts.")
    if data.decided_on and data.decided_on > clock.today():
        problems["decided_on"] = _("The date cannot be in the future.")
    if data.decision_type == DecisionType.SERVICE and data.outcome in GRANTING:
        if data.pending_since is None:
            problems["pending_since"] = _(
                "Give the day the matter became pending: the service is implemented within "
                "3 months of it (Social Welfare Act, section 45)."
            )
        elif data.pending_since > (data.decided_on or clock.today()):
            problems["pending_since"] = _(
                "A matter is pending before it is decided: check the date."
            )
    return problems


def decision_make(
    *,
    client: Client,
    decision: DecisionInput,
    acting_user: Worker,
    item_id=None,
    case_id=None,
    special_support_need: bool = False,
    corrects: Decision | None = None,
) -> Decision:
    """Make a decision for the client, within the maker's delegation."""
    _require_access(acting_user, client)
    problems = _problems(decision)
    if problems:
        raise MissingContent(problems)
    if corrects is not None and corrects.client_id != client.pk:
        raise DomainError(_("A correction is for the same client."), field="corrects")
    rules = delegation_rules(client.county)
    if not permissions.can_decide(
        acting_user,
        rules,
        decision_type=decision.decision_type,
        outcome=decision.outcome,
        amount=decision.amount,
        special_support_need=special_support_need,
    ):
        raise DomainError(_refusal(acting_user, decision, special_support_need), field="outcome")
    due = None
    if decision.decision_type == DecisionType.SERVICE and decision.outcome in GRANTING:
        due = deadlines.due_date(
            "service_implementation",
            decision.pending_since,
            target_months=SERVICE_IMPLEMENTATION_MONTHS,
        ).due_date
    with transaction.atomic():
        made = Decision.objects.create(
            pending_since=decision.pending_since,
            implementation_due=due,
            county=client.county,
            client=client,
            item_id=item_id,
            case_id=case_id,
            decision_type=decision.decision_type,
            outcome=decision.outcome,
            legal_bases=list(decision.legal_bases),
            reasoning=decision.reasoning.strip(),
            amount=decision.amount,
            period_start=decision.period_start,
            period_end=decision.period_end,
            special_support_need=special_support_need,
            decided_on=decision.decided_on or clock.today(),
            decided_by=acting_user,
            decided_by_role=acting_user.role,
            created_at=clock.now(),
            corrects=corrects,
        )
        _decision_step(
            made,
            Activity.DECISION_MADE,
            acting_user,
            {
                "type": made.decision_type,
                "outcome": made.outcome,
                "amount": str(made.amount) if made.amount is not None else None,
                "decided_on": made.decided_on.isoformat(),
                **({"corrects": str(corrects.pk)} if corrects else {}),
            },
        )
        return made


def _refusal(user: Worker, decision: DecisionInput, special_support_need: bool) -> str:
    """Why this decision is outside the maker's delegation, naming the rule."""
    if special_support_need and not permissions.can_conclude_special_support(user):
        return _(
            "The client has a special support need: essential decisions are made by a "
            "social worker in public office (Social Welfare Act, section 46)."
        )
    return _(
        "Outside your delegation: the county's rules do not let a %(role)s decide "
        "“%(type)s: %(outcome)s”%(amount)s."
    ) % {
        "role": Role(user.role).label.lower(),
        "type": DecisionType(decision.decision_type).label,
        "outcome": Outcome(decision.outcome).label.lower(),
        "amount": f" ({decision.amount} €)" if decision.amount is not None else "",
    }


def decision_notify(
    *, decision: Decision, way: str, sent_on: dt.date, acting_user: Worker
) -> Decision:
    """Record how and when the decision was sent: the day it is deemed received and the
    last day for a request for rectification follow from the law. Recorded once."""
    _require_access(acting_user, decision.client)
    if way not in DEEMED_RECEIVED_AFTER_DAYS:
        raise DomainError(_("Choose how the decision was sent."), field="notification_way")
    if sent_on < decision.decided_on:
        raise DomainError(_("A decision is sent after it is made."), field="notified_on")
    if sent_on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="notified_on")
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if current.notified_on is not None:
            raise ConflictError(
                _("The decision was already recorded as sent on %(date)s.")
                % {"date": f"{current.notified_on:%d.%m.%Y}"}
            )
        received = sent_on + dt.timedelta(days=DEEMED_RECEIVED_AFTER_DAYS[way])
        due = deadlines.due_date("rectification_request", received).due_date
        Decision.objects.filter(pk=current.pk).update(
            notified_on=sent_on,
            notification_way=way,
            received_on=received,
            rectification_due=due,
        )
        current.refresh_from_db()
        _decision_step(
            current,
            Activity.DECISION_NOTIFIED,
            acting_user,
            {
                "way": way,
                "sent_on": sent_on.isoformat(),
                "received_on": received.isoformat(),
                "rectification_due": due.isoformat(),
            },
        )
        return current


def rectification_receive(
    *, decision: Decision, arrived_on: dt.date, demands: str, acting_user: Worker
) -> RectificationRequest:
    """Register a request for rectification against the decision. One that arrives after
    the deadline is registered too, marked late (it is dismissed, hallintolaki § 49 c);
    before the decision was sent, the deadline is counted from the day it was made."""
    _require_access(acting_user, decision.client)
    if len(demands.strip()) < 5:
        raise DomainError(_("Write what the client asks to change and why."), field="demands")
    if arrived_on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="arrived_on")
    if arrived_on < decision.decided_on:
        raise DomainError(
            _("A request for rectification arrives after the decision."), field="arrived_on"
        )
    due = (
        decision.rectification_due
        or deadlines.due_date("rectification_request", decision.decided_on).due_date
    )
    with transaction.atomic():
        request = RectificationRequest.objects.create(
            decision=decision,
            arrived_on=arrived_on,
            late=arrived_on > due,
            demands=demands.strip(),
            registered_by=acting_user,
            registered_at=clock.now(),
        )
        _decision_step(
            decision,
            Activity.RECTIFICATION_RECEIVED,
            acting_user,
            {
                "arrived_on": arrived_on.isoformat(),
                "due": due.isoformat(),
                "late": request.late,
            },
        )
        return request


def decision_implemented(
    *, decision: Decision, implemented_on: dt.date, acting_user: Worker
) -> Decision:
    """Record the day a granted service began (SHL § 45), once."""
    _require_access(acting_user, decision.client)
    if decision.implementation_due is None:
        raise DomainError(_("Only a granted service decision is implemented."))
    if implemented_on > clock.today() or implemented_on < decision.decided_on:
        raise DomainError(
            _("The service is implemented between the decision and today."),
            field="implemented_on",
        )
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if current.implemented_on is not None:
            raise ConflictError(
                _("The implementation was already recorded on %(date)s.")
                % {"date": f"{current.implemented_on:%d.%m.%Y}"}
            )
        Decision.objects.filter(pk=current.pk).update(implemented_on=implemented_on)
        current.refresh_from_db()
        _decision_step(
            current,
            Activity.DECISION_IMPLEMENTED,
            acting_user,
            {
                "implemented_on": implemented_on.isoformat(),
                "due": current.implementation_due.isoformat(),
                "on_time": implemented_on <= current.implementation_due,
            },
        )
        return current


def can_record_rectification_decision(user: Worker) -> bool:
    """The body's decision is recorded by a social worker in public office or a manager
    (who present the matter to it)."""
    return permissions.can_conclude_special_support(user) or user.role == Role.MANAGER


def rectification_decide(
    *,
    request: RectificationRequest,
    resolution: str,
    reasoning: str,
    acting_user: Worker,
    corrected: DecisionInput | None = None,
) -> RectificationRequest:
    """Record the body's decision on a request for rectification, once. Accepting it
    makes the corrected decision, which names the original; a late request is dismissed."""
    decision = request.decision
    _require_access(acting_user, decision.client)
    permissions.require(
        can_record_rectification_decision(acting_user),
        _("A social worker in public office or a manager records the body's decision."),
    )
    if resolution not in Resolution.values:
        raise DomainError(_("Choose the decision on the request."), field="resolution")
    if len(reasoning.strip()) < 10:
        raise DomainError(
            _("Write the reasons for the decision on the request."), field="resolution_reasoning"
        )
    if request.late and resolution != Resolution.DISMISSED:
        raise DomainError(
            _("The request arrived late: it is dismissed without consideration."),
            field="resolution",
        )
    if resolution == Resolution.CHANGED and corrected is None:
        raise DomainError(_("Give the changed decision."), field="outcome")
    with transaction.atomic():
        current = RectificationRequest.objects.select_for_update().get(pk=request.pk)
        if current.resolution:
            raise ConflictError(_("The request for rectification has already been decided."))
        new = None
        if resolution == Resolution.CHANGED:
            new = decision_make(
                client=decision.client,
                decision=corrected,
                acting_user=acting_user,
                item_id=decision.item_id,
                case_id=decision.case_id,
                special_support_need=decision.special_support_need,
                corrects=decision,
            )
        current.resolution = resolution
        current.resolution_reasoning = reasoning.strip()
        current.resolved_on = clock.today()
        current.resolved_by = acting_user
        current.corrected_by = new
        current.save()
        _decision_step(
            decision,
            Activity.RECTIFICATION_DECIDED,
            acting_user,
            {
                "request": str(current.pk),
                "resolution": resolution,
                **({"new_decision": str(new.pk)} if new else {}),
            },
        )
        return current

"""The benefit handlers' writes on an income support application: Kela's decision, the
calculation, the decision (through `decisions`, within the maker's delegation), its
notification — which ends the application and the handlers' ground to see the client —
and the payments of a granted decision. Each step writes its event in its transaction.

Every write needs the application taken from the queue by the acting handler (the same
lock as intake); a stale form (another version) is refused, never overwritten."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from porras.benefits.models import (
    Assessment,
    BenefitRules,
    CalculationLine,
    ExpenseCategory,
    Handling,
    HouseholdMember,
    LineKind,
    PayeeKind,
    Payment,
)
from porras.clients.models import ClientRelationship
from porras.core import calendar, clock
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.decisions import services as decisions
from porras.decisions.models import Decision, DecisionType, Outcome
from porras.eventlog import services as eventlog
from porras.eventlog.activities import Activity
from porras.intake import services as intake
from porras.intake.models import IntakeItem, Kind, Status
from porras.people import permissions
from porras.people.models import Role, Worker
from porras.people.permissions import ClientRelation

CENT = Decimal("0.01")
MAX_PERIOD_MONTHS = 12
# Shipped to every county until it keeps its own list: (code, fi, sv, en).
DEFAULT_CATEGORIES = (
    ("rent", "Vuokra", "Hyra", "Rent"),
    (
        "utilities",
        "Sähkö, vesi ja muut asumismenot",
        "El, vatten och andra boendeutgifter",
        "Electricity, water and other housing costs",
    ),
    ("medicine", "Lääkkeet", "Läkemedel", "Medicines"),
    ("health_care", "Terveydenhuoltomenot", "Hälso- och sjukvårdsutgifter", "Health care"),
    ("child", "Lapsiin liittyvät menot", "Utgifter för barn", "Child-related costs"),
    ("other", "Muut menot", "Övriga utgifter", "Other costs"),
)
DECISION_TYPE_OF = {
    Kind.APPLICATION_SUPPLEMENTARY: DecisionType.INCOME_SUPPLEMENTARY,
    Kind.APPLICATION_PREVENTIVE: DecisionType.INCOME_PREVENTIVE,
}
GRANTING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


def categories(county) -> list[ExpenseCategory]:
    """The county's expense categories; the shipped ones are written on first use."""
    found = list(ExpenseCategory.objects.filter(county=county))
    if not found:
        ExpenseCategory.objects.bulk_create(
            [
                ExpenseCategory(
                    county=county, code=code, name_fi=fi, name_sv=sv, name_en=en, order=order
                )
                for order, (code, fi, sv, en) in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
        found = list(ExpenseCategory.objects.filter(county=county))
    return found


def rules_for(county) -> BenefitRules:
    return BenefitRules.objects.filter(county=county).first() or BenefitRules(county=county)


def _case_workers(item: IntakeItem) -> tuple | None:
    """(responsible, co-worker) ids of the open case a raised application was distributed
    to (read through the reverse relation: benefits does not import casework)."""
    return item.cases.filter(status="open").values_list("responsible_id", "co_worker_id").first()


def may_handle(user: Worker, item: IntakeItem) -> bool:
    """Who works the application now: the handler who took it from the queue or, once it
    was raised to social work and distributed, the case's workers."""
    if item.status == Status.ASSIGNED:
        workers = _case_workers(item)
        return workers is not None and permissions.works_on_case(
            user, responsible_id=workers[0], co_worker_id=workers[1]
        )
    return item.claimed_by_id == user.pk and item.status in (
        Status.IN_GUIDANCE,
        Status.WAITING_COMPLETION,
    )


def _lock(item: IntakeItem, acting_user: Worker) -> None:
    if item.status == Status.ASSIGNED:
        permissions.require(
            may_handle(acting_user, item),
            _("Only the workers of its case decide a raised application."),
        )
        IntakeItem.objects.select_for_update().filter(pk=item.pk).first()
        return
    intake.hold(item, acting_user)


def _held(item: IntakeItem, acting_user: Worker, version: int | None) -> Handling:
    """The application, locked and held by the acting worker, and its handling (made on
    first use); `version` is what the worker's form saw."""
    if not item.in_benefits:
        raise DomainError(_("This matter is not in the benefit handlers' queue."))
    _lock(item, acting_user)
    handling, _created = Handling.objects.select_for_update().get_or_create(item=item)
    if handling.decision_id is not None:
        raise ConflictError(_("The application has been decided: the decision cannot change."))
    if version is not None and version != handling.version:
        raise ConflictError(
            _("Someone else saved this application in the meantime: check the data and save again.")
        )
    return handling


def _step(item: IntakeItem, activity: str, actor: Worker, **facts) -> None:
    eventlog.record_item_step(item=item, activity=activity, actor=actor, attributes=facts)


def _money(value) -> str:
    return str(Decimal(value).quantize(CENT))


# --- Kela's decision ---


@dataclass
class KelaInput:
    reference: str
    decided_on: dt.date
    basic_support: Decimal
    surplus: Decimal = Decimal("0")


def kela_record(
    *, item: IntakeItem, acting_user: Worker, kela: KelaInput, version: int | None = None
) -> Handling:
    """Record Kela's basic income support decision as the calculation's starting point."""
    problems = {}
    if not kela.reference.strip():
        problems["kela_reference"] = _("Give the number of Kela's decision.")
    if kela.decided_on > clock.today():
        problems["kela_decided_on"] = _("The date cannot be in the future.")
    if kela.basic_support < 0:
        problems["kela_basic_support"] = _("The amount cannot be negative.")
    if kela.surplus < 0:
        problems["kela_surplus"] = _("The amount cannot be negative.")
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        handling = _held(item, acting_user, version)
        handling.kela_reference = kela.reference.strip()
        handling.kela_decided_on = kela.decided_on
        handling.kela_basic_support = kela.basic_support.quantize(CENT)
        handling.kela_surplus = kela.surplus.quantize(CENT)
        handling.version += 1
        handling.save()
        _step(
            item,
            Activity.BENEFIT_KELA_RECORDED,
            acting_user,
            reference=handling.kela_reference,
            basic_support=_money(handling.kela_basic_support),
            surplus=_money(handling.kela_surplus),
        )
        return handling


# --- Calculation ---


@dataclass
class MemberInput:
    relation: str
    first_name: str
    birth_year: int


@dataclass
class LineInput:
    kind: str
    description: str
    amount: Decimal
    category_code: str = ""
    assessment: str = ""
    accepted_amount: Decimal | None = None
    reason: str = ""


@dataclass
class CalculationInput:
    period_start: dt.date | None
    period_end: dt.date | None
    household: list[MemberInput] = field(default_factory=list)
    lines: list[LineInput] = field(default_factory=list)
    preventive_grounds: str = ""


@dataclass(frozen=True)
class Result:
    """What the calculation comes to: a month's accepted expenses against a month's income
    (Kela's surplus included); the support is the shortfall for each month of the period."""

    expenses_claimed: Decimal
    expenses_accepted: Decimal
    income: Decimal
    monthly: Decimal
    months: int
    total: Decimal


def months_in(start: dt.date | None, end: dt.date | None) -> int:
    """Calendar months the period touches (1.–31.12. is one; 15.1.–14.2. is two)."""
    if start is None or end is None or end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def result_of(handling: Handling, lines=None) -> Result:
    lines = list(handling.lines.all()) if lines is None else lines
    claimed = sum((line.amount for line in lines if line.kind == LineKind.EXPENSE), Decimal(0))
    accepted = sum(
        (line.accepted_amount or Decimal(0) for line in lines if line.kind == LineKind.EXPENSE),
        Decimal(0),
    )
    income = handling.kela_surplus + sum(
        (line.amount for line in lines if line.kind == LineKind.INCOME), Decimal(0)
    )
    monthly = max(Decimal(0), accepted - income).quantize(CENT)
    months = months_in(handling.period_start, handling.period_end)
    return Result(
        claimed.quantize(CENT),
        accepted.quantize(CENT),
        income.quantize(CENT),
        monthly,
        months,
        (monthly * months).quantize(CENT, rounding=ROUND_HALF_UP),
    )


def _line_problems(index: int, line: LineInput, known: dict) -> dict:
    problems = {}
    key = f"lines-{index}"
    if not line.description.strip():
        problems[f"{key}-description"] = _("Describe the line.")
    if line.amount < 0:
        problems[f"{key}-amount"] = _("The amount cannot be negative.")
    if line.kind == LineKind.INCOME:
        return problems
    if line.category_code not in known:
        problems[f"{key}-category"] = _("Choose the category of the expense.")
    if line.assessment not in Assessment.values:
        problems[f"{key}-assessment"] = _("Say whether the expense is accepted.")
        return problems
    accepted = line.accepted_amount
    if line.assessment == Assessment.PARTLY and (
        accepted is None or not Decimal(0) < accepted < line.amount
    ):
        problems[f"{key}-accepted_amount"] = _(
            "A partly accepted expense is accepted for more than 0 and less than claimed."
        )
    if line.assessment != Assessment.ACCEPTED and len(line.reason.strip()) < 3:
        problems[f"{key}-reason"] = _("Give the reason why the expense is not accepted in full.")
    return problems


def _accepted(line: LineInput) -> Decimal | None:
    if line.kind == LineKind.INCOME:
        return None
    if line.assessment == Assessment.ACCEPTED:
        return line.amount
    if line.assessment == Assessment.REFUSED:
        return Decimal(0)
    return line.accepted_amount


def calculation_save(
    *, item: IntakeItem, acting_user: Worker, calculation: CalculationInput, version: int | None
) -> Handling:
    """Save the household, the incomes and the assessed expenses for the period; the
    whole calculation is replaced at once, or nothing is."""
    known = {c.code: c for c in categories(item.county) if c.active}
    problems = {}
    if calculation.period_start is None:
        problems["period_start"] = _("Give the period the support is for.")
    if calculation.period_end is None:
        problems["period_end"] = _("Give the period the support is for.")
    elif calculation.period_start and calculation.period_end < calculation.period_start:
        problems["period_end"] = _("The period cannot end before it starts.")
    elif months_in(calculation.period_start, calculation.period_end) > MAX_PERIOD_MONTHS:
        problems["period_end"] = _("Calculate at most 12 months at a time.")
    if not any(m.relation == "applicant" for m in calculation.household):
        problems["household"] = _("The household has the applicant in it.")
    this_year = clock.today().year
    for index, member in enumerate(calculation.household):
        if not member.first_name.strip():
            problems[f"household-{index}-first_name"] = _("Give the first name.")
        if not 1900 <= member.birth_year <= this_year:
            problems[f"household-{index}-birth_year"] = _("Give the year of birth.")
    if not any(line.kind == LineKind.EXPENSE for line in calculation.lines):
        problems["lines"] = _("Add at least one expense the application is about.")
    for index, line in enumerate(calculation.lines):
        problems.update(_line_problems(index, line, known))
    if (
        item.kind == Kind.APPLICATION_PREVENTIVE
        and len(calculation.preventive_grounds.strip()) < 10
    ):
        problems["preventive_grounds"] = _(
            "Write the grounds for preventive support (what it prevents or promotes)."
        )
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        handling = _held(item, acting_user, version)
        handling.household.all().delete()
        handling.lines.all().delete()
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    handling=handling,
                    relation=m.relation,
                    first_name=m.first_name.strip(),
                    birth_year=m.birth_year,
                )
                for m in calculation.household
            ]
        )
        lines = CalculationLine.objects.bulk_create(
            [
                CalculationLine(
                    handling=handling,
                    kind=line.kind,
                    category=known.get(line.category_code)
                    if line.kind == LineKind.EXPENSE
                    else None,
                    description=line.description.strip(),
                    amount=line.amount.quantize(CENT),
                    assessment=line.assessment if line.kind == LineKind.EXPENSE else "",
                    accepted_amount=_accepted(line),
                    reason=line.reason.strip(),
                )
                for line in calculation.lines
            ]
        )
        handling.period_start = calculation.period_start
        handling.period_end = calculation.period_end
        handling.preventive_grounds = calculation.preventive_grounds.strip()
        handling.calculated_at = clock.now()
        handling.calculated_by = acting_user
        handling.version += 1
        handling.save()
        result = result_of(handling, lines)
        _step(
            item,
            Activity.BENEFIT_CALCULATED,
            acting_user,
            household=len(calculation.household),
            expenses_claimed=_money(result.expenses_claimed),
            expenses_accepted=_money(result.expenses_accepted),
            income=_money(result.income),
            monthly=_money(result.monthly),
            months=result.months,
            total=_money(result.total),
        )
        return handling


# --- The decision ---


@dataclass
class PayeeInput:
    kind: str
    name: str
    iban: str
    amount: Decimal


@dataclass
class ApplicationDecision:
    outcome: str
    reasoning: str
    legal_bases: list[str]
    amount: Decimal | None = None
    payees: list[PayeeInput] = field(default_factory=list)


def must_raise_to_social_work(item: IntakeItem) -> bool:
    """The county's rule: a client for whom a social worker is responsible has a special
    support need, so their essential decisions are made in social work (SHL § 46)."""
    if not rules_for(item.county).raise_when_social_worker_case:
        return False
    return (
        ClientRelationship.objects.live()
        .filter(
            client_id=item.client_id,
            kind=ClientRelation.RESPONSIBLE,
            worker__role=Role.SOCIAL_WORKER,
        )
        .exists()
    )


def _payee_problems(decision: ApplicationDecision) -> dict:
    problems = {}
    if decision.outcome not in GRANTING:
        return problems
    if not decision.payees:
        problems["payees"] = _("Say to whom the support is paid.")
    for index, payee in enumerate(decision.payees):
        key = f"payees-{index}"
        if payee.kind not in PayeeKind.values:
            problems[f"{key}-kind"] = _("Choose the payee.")
        if not payee.name.strip():
            problems[f"{key}-name"] = _("Give the payee's name.")
        try:
            stdnum_iban.validate(payee.iban)
        except StdnumError:
            problems[f"{key}-iban"] = _(
                "The account number is not a valid IBAN: check the letters, the digits and "
                "the check digits."
            )
        if payee.amount <= 0:
            problems[f"{key}-amount"] = _("The amount paid is more than 0.")
    paid = sum((p.amount for p in decision.payees), Decimal(0))
    if decision.amount is not None and decision.payees and paid != decision.amount:
        problems["payees"] = _(
            "The payments (%(paid)s €) add up to the amount granted (%(amount)s €)."
        ) % {"paid": _money(paid), "amount": _money(decision.amount)}
    return problems


def application_decide(
    *,
    item: IntakeItem,
    acting_user: Worker,
    decision: ApplicationDecision,
    version: int | None,
) -> Decision:
    """Decide the application within the maker's delegation; a granted amount is paid
    on the county's payment day after the decision, to the payees given."""
    problems = _payee_problems(decision)
    if problems:
        raise MissingContent(problems)
    with transaction.atomic():
        handling = _held(item, acting_user, version)
        if decision.outcome != Outcome.DISMISSED and handling.calculated_at is None:
            raise DomainError(_("Calculate first: the decision rests on the calculation."))
        made = decisions.decision_make(
            client=item.client,
            decision=decisions.DecisionInput(
                decision_type=DECISION_TYPE_OF[item.kind],
                outcome=decision.outcome,
                reasoning=decision.reasoning,
                legal_bases=decision.legal_bases,
                amount=decision.amount,
                period_start=handling.period_start if decision.outcome in GRANTING else None,
                period_end=handling.period_end if decision.outcome in GRANTING else None,
            ),
            acting_user=acting_user,
            item_id=item.pk,
            special_support_need=must_raise_to_social_work(item),
        )
        handling.decision = made
        handling.version += 1
        handling.save()
        if made.outcome in GRANTING:
            _schedule_payments(item, made, decision.payees, acting_user)
        return made


def _schedule_payments(item, made: Decision, payees: list[PayeeInput], acting_user) -> None:
    days = rules_for(item.county).payment_days_after_decision
    pay_on = calendar.add_working_days(made.decided_on, days)
    now = clock.now()
    for payee in payees:
        payment = Payment.objects.create(
            county=item.county,
            decision=made,
            client=item.client,
            payee_kind=payee.kind,
            payee_name=payee.name.strip()[:70],
            iban=stdnum_iban.compact(payee.iban),
            amount=payee.amount.quantize(CENT),
            message=_payment_message(made),
            pay_on=pay_on,
            created_at=now,
            created_by=acting_user,
        )
        _step(
            item,
            Activity.PAYMENT_SCHEDULED,
            acting_user,
            decision=str(made.pk),
            payment=str(payment.pk),
            payee_kind=payment.payee_kind,
            amount=_money(payment.amount),
            pay_on=pay_on.isoformat(),
        )


def correction_payments(
    *, item: IntakeItem, corrected: Decision, acting_user: Worker
) -> list[Payment]:
    """A correction that grants more than was paid under the original pays the difference
    to the client's account used for the original (the same day rule as any decision).
    Less is not recovered here: recovery (takaisinperintä) is a decision of its own."""
    original = corrected.corrects
    if original is None or corrected.outcome not in GRANTING or corrected.amount is None:
        return []
    already = sum((p.amount for p in original.payments.all()), Decimal(0))
    difference = (corrected.amount - already).quantize(CENT)
    to_client = original.payments.filter(payee_kind=PayeeKind.CLIENT).order_by("created_at")
    account = to_client.first() or original.payments.order_by("created_at").first()
    if difference <= 0 or account is None:
        return []
    payee = PayeeInput(account.payee_kind, account.payee_name, account.iban, difference)
    with transaction.atomic():
        _schedule_payments(item, corrected, [payee], acting_user)
    return list(corrected.payments.all())


def _payment_message(decision: Decision) -> str:
    # The bank shows it to the payee: the decision, never the client's circumstances.
    return f"Toimeentulotuki / Utkomststöd {decision.decided_on:%d.%m.%Y} {str(decision.pk)[:8]}"


def application_notify(
    *, item: IntakeItem, acting_user: Worker, way: str, sent_on: dt.date
) -> Decision:
    """The decision was sent: its rectification deadline is set, and the application
    leaves the queue (with the handlers' ground to see the client)."""
    with transaction.atomic():
        _lock(item, acting_user)
        handling = Handling.objects.select_for_update().filter(item=item).first()
        if handling is None or handling.decision_id is None:
            raise DomainError(_("Decide the application first."))
        notified = decisions.decision_notify(
            decision=handling.decision, way=way, sent_on=sent_on, acting_user=acting_user
        )
        if item.status != Status.ASSIGNED:  # a raised one is already out of the queue
            intake.item_decided(item=item, acting_user=acting_user, decision_id=notified.pk)
        return notified

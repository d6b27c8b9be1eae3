"""The demo quarter of income support: the county's benefit handlers take the applications
intake received, ask for completion, record Kela's decision, calculate, decide (granted,
partly granted, refused — or raise to social work), send the decision, and run the
payment batch of each pay day. One decision gets a request for rectification.

Everything goes through the real services at the moment it happens (`clock.travel`)."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from porras.benefits import payments, services
from porras.benefits.models import Payment, PaymentAccount
from porras.clients import services as client_services
from porras.clients.models import ReasonKind
from porras.core import calendar, clock
from porras.core.errors import DomainError
from porras.decisions import services as decisions
from porras.decisions.models import Decision, Outcome
from porras.intake import services as intake
from porras.intake.models import IntakeItem, Kind, Status, Track, Urgency
from porras.people.models import County, Role

DEMO_ACCOUNT = ("FI5810171000000122", "NDEAFIHH")
CLIENT_ACCOUNTS = ("FI2112345600000785", "FI4950009420028730", "FI7944052020036082")
EXPENSES = {
    "medicine": ("Reseptilääkkeet", (40, 220)),
    "utilities": ("Sähkölasku", (60, 400)),
    "health_care": ("Hammashoito", (80, 600)),
    "child": ("Lapsen silmälasit", (90, 300)),
    "rent": ("Vuokravakuus", (400, 900)),
    "other": ("Välttämätön kodinkone", (150, 450)),
}


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)))
    )


def work_applications(county: County, rng: random.Random) -> None:
    """Carry the county's income support applications as far as their time allows."""
    handlers = list(
        county.workers.filter(role=Role.BENEFIT_HANDLER, is_active=True).order_by("username")
    )
    if not handlers:
        return
    PaymentAccount.objects.get_or_create(
        county=county,
        defaults={"name": county.name[:70], "iban": DEMO_ACCOUNT[0], "bic": DEMO_ACCOUNT[1]},
    )
    items = (
        IntakeItem.objects.filter(county=county, track=Track.BENEFITS, status=Status.QUEUED)
        .select_related("client", "team")
        .order_by("received_at")
    )
    today = clock.today()
    for n, item in enumerate(items):
        handler = handlers[n % len(handlers)]
        try:
            _handle(item, handler, rng, today)
        except DomainError:
            continue  # a step the rules refuse is left undone, as a handler would
    _run_payment_days(county, handlers[0], rng)
    _one_rectification(county, rng)


def _handle(item: IntakeItem, handler, rng: random.Random, today: dt.date) -> None:
    pending = item.pending_date
    age = calendar.working_days_after(pending, today)
    if age <= 1 and rng.random() < 0.7:
        return  # still waiting in the queue
    # Most are taken within a few working days; one in ten waits past the 7 days.
    delay = rng.randint(0, 3) if rng.random() < 0.9 else rng.randint(6, 10)
    start = min(calendar.add_working_days(pending, delay), today)
    with clock.travel(max(_moment(start, rng), item.received_at + dt.timedelta(minutes=5))):
        item = intake.item_claim(item=item, acting_user=handler)
    if rng.random() < 0.15:
        with clock.travel(clock.now() + dt.timedelta(minutes=20)):
            item = intake.completion_request(
                item=item, acting_user=handler, note="Tiliotteet kahdelta kuukaudelta puuttuvat."
            )
        completed = calendar.add_working_days(start, rng.randint(2, 6))
        if completed >= today:
            return  # waiting for completion
        with clock.travel(_moment(completed, rng)):
            item = intake.completion_receive(item=item, acting_user=handler, completed_on=completed)
        start = completed
    decide_day = min(calendar.add_working_days(start, rng.randint(0, 2)), today)
    with clock.travel(_moment(decide_day, rng)):
        if services.must_raise_to_social_work(item):
            intake.urgency_assess(item=item, acting_user=handler, urgency=Urgency.NOT_URGENT)
            intake.item_forward(
                item=item,
                acting_user=handler,
                note="Vastuutyöntekijä on sosiaalityöntekijä: ratkaistaan sosiaalityössä.",
            )
            return
        handling = services.kela_record(
            item=item,
            acting_user=handler,
            kela=services.KelaInput(
                reference=f"TT-{decide_day:%Y}-{rng.randint(100000, 999999)}",
                decided_on=decide_day - dt.timedelta(days=rng.randint(3, 20)),
                basic_support=_money(rng, 300, 900),
                surplus=_money(rng, 0, 60) if rng.random() < 0.3 else Decimal(0),
            ),
        )
        handling = services.calculation_save(
            item=item,
            acting_user=handler,
            calculation=_calculation(item, decide_day, rng),
            version=handling.version,
        )
        result = services.result_of(handling)
        made = services.application_decide(
            item=item,
            acting_user=handler,
            decision=_decision(item, result, rng),
            version=handling.version,
        )
        if decide_day == today and rng.random() < 0.5:
            return  # decided, to be sent today
        services.application_notify(
            item=item, acting_user=handler, way="letter", sent_on=made.decided_on
        )


def _calculation(item, day: dt.date, rng: random.Random) -> services.CalculationInput:
    birth = item.client.birth_date.year if item.client.birth_date else 1980
    household = [
        services.MemberInput("applicant", item.client.first_name.split(" ")[0] or "-", birth)
    ]
    if rng.random() < 0.25:
        household.append(services.MemberInput("child", "Lapsi", min(day.year - 1, birth + 30)))
    lines = []
    for code in rng.sample(list(EXPENSES), rng.randint(1, 3)):
        text, (low, high) = EXPENSES[code]
        amount = _money(rng, low, high)
        roll = rng.random()
        if roll < 0.6:
            lines.append(services.LineInput("expense", text, amount, code, "accepted"))
        elif roll < 0.85:
            accepted = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
            lines.append(
                services.LineInput(
                    "expense", text, amount, code, "partly", accepted, "Kohtuullinen osuus."
                )
            )
        else:
            lines.append(
                services.LineInput(
                    "expense", text, amount, code, "refused", None, "Ei välttämätön meno."
                )
            )
    if rng.random() < 0.3:
        lines.append(services.LineInput("income", "Palkkatulo", _money(rng, 20, 150)))
    first = day.replace(day=1)
    last = calendar.add_months(first, 1) - dt.timedelta(days=1)
    grounds = (
        "Tuki ehkäisee asumisen vaarantumisen." if item.kind == Kind.APPLICATION_PREVENTIVE else ""
    )
    return services.CalculationInput(first, last, household, lines, grounds)


def _decision(item, result: services.Result, rng: random.Random) -> services.ApplicationDecision:
    preventive = item.kind == Kind.APPLICATION_PREVENTIVE
    basis = "tttl_13" if preventive else "tttl_7c"
    if result.total <= 0 or (not preventive and rng.random() < 0.1):
        return services.ApplicationDecision(
            outcome=Outcome.REFUSED,
            reasoning="Hyväksyttävät menot eivät ylitä käytettävissä olevia tuloja.",
            legal_bases=["tttl_1", basis, "hl_45"],
        )
    amount = min(result.total, Decimal("500") if preventive else Decimal("1000"))
    partly = result.expenses_accepted < result.expenses_claimed or amount < result.total
    payees = [
        services.PayeeInput(
            "client", item.client.display_name[:70], rng.choice(CLIENT_ACCOUNTS), amount
        )
    ]
    if amount > 150 and rng.random() < 0.25:
        to_pharmacy = (amount / 3).quantize(Decimal("0.01"))
        payees = [
            services.PayeeInput("pharmacy", "Demoapteekki", CLIENT_ACCOUNTS[0], to_pharmacy),
            services.PayeeInput(
                "client",
                item.client.display_name[:70],
                rng.choice(CLIENT_ACCOUNTS),
                amount - to_pharmacy,
            ),
        ]
    return services.ApplicationDecision(
        outcome=Outcome.PARTLY_GRANTED if partly else Outcome.GRANTED,
        reasoning="Menot on hyväksytty laskelman mukaisesti välttämättöminä ja kohtuullisina.",
        legal_bases=["tttl_1", basis, "hl_45"],
        amount=amount,
        payees=payees,
    )


def _run_payment_days(county: County, handler, rng: random.Random) -> None:
    """Every pay day up to today has its batch, made that morning."""
    days = sorted(
        set(
            Payment.objects.filter(
                county=county, batch__isnull=True, pay_on__lte=clock.today()
            ).values_list("pay_on", flat=True)
        )
    )
    for day in days:
        with clock.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(7, 30)))):
            try:
                payments.batch_export(county=county, pay_date=day, acting_user=handler)
            except DomainError:
                continue


def _one_rectification(county: County, rng: random.Random) -> None:
    """The client asks a partly granted decision to be rectified; the registry's worker
    records it under a stated reason (logged for the data protection officer)."""
    decision = (
        Decision.objects.filter(
            county=county, outcome=Outcome.PARTLY_GRANTED, notified_on__isnull=False
        )
        .select_related("client")
        .order_by("decided_on")
        .first()
    )
    registrar = (
        county.workers.filter(role=Role.SOCIAL_WORKER, public_office=True)
        .order_by("username")
        .first()
    )
    if decision is None or registrar is None:
        return
    arrived = min(calendar.add_working_days(decision.received_on, 5), clock.today())
    with clock.travel(_moment(arrived, rng)):
        client_services.stated_reason_create(
            worker=registrar,
            client=decision.client,
            kind=ReasonKind.OTHER_TASK,
            explanation="Oikaisuvaatimuksen kirjaaminen päätökseen.",
        )
        decisions.rectification_receive(
            decision=decision,
            arrived_on=arrived,
            demands="Sähkölasku tulee hyväksyä kokonaan: kulutus johtui viallisesta lämmittimestä.",
            acting_user=registrar,
        )

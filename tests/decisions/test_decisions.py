"""Decisions: every problem named at once, made only within the delegation (SHL § 46
included), immutable and corrected by a new decision, notified once with the deemed day
of receipt and the deadline for a request for rectification from the law and calendar."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from porras.clients import services as client_services
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.decisions import services
from porras.decisions.models import Decision, DelegationRule
from porras.eventlog.models import Event
from porras.synth.factories import ClientFactory, WorkerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)  # the frozen test clock's day


@pytest.fixture
def handler(org):
    return WorkerFactory(
        username="etuuskasittelija", role="benefit_handler", county=org.county, teams=[org.team]
    )


@pytest.fixture
def client(org, handler):
    """A client the benefit handler has a ground to see (their application)."""
    person = ClientFactory(county=org.county)
    client_services.relationship_open(
        client=person, kind="responsible", source="test:application", worker=handler
    )
    client_services.relationship_open(
        client=person, kind="responsible", source="test:case", worker=org.social_worker
    )
    client_services.relationship_open(
        client=person, kind="responsible", source="test:case2", worker=org.counsellor
    )
    return person


def supplementary(**overrides):
    values = {
        "decision_type": "income_supplementary",
        "outcome": "partly_granted",
        "reasoning": "Vuokravakuus myönnetään kohtuullisen vuokran mukaan; muu osa hylätään.",
        "legal_bases": ["tttl_7c", "hl_45"],
        "amount": Decimal("640.00"),
        "period_start": dt.date(2026, 12, 1),
        "period_end": dt.date(2026, 12, 31),
    }
    values.update(overrides)
    return services.DecisionInput(**values)


def test_every_problem_is_named_and_nothing_is_saved(client, handler):
    with pytest.raises(MissingContent) as refused:
        services.decision_make(
            client=client,
            decision=supplementary(
                reasoning=" ",
                legal_bases=["no_such_law"],
                amount=Decimal("-5"),
                period_start=dt.date(2026, 12, 31),
                period_end=dt.date(2026, 12, 1),
                decided_on=TODAY + dt.timedelta(days=1),
            ),
            acting_user=handler,
        )
    assert set(refused.value.errors) == {
        "reasoning",
        "legal_bases",
        "amount",
        "period_end",
        "decided_on",
    }
    with pytest.raises(MissingContent) as money:
        services.decision_make(
            client=client,
            decision=supplementary(amount=None, period_start=None),
            acting_user=handler,
        )
    assert set(money.value.errors) == {"amount", "period_start"}
    assert not Decision.objects.exists()


# (maker, type, outcome, amount, special support need) → allowed by the shipped rules
DELEGATION = [
    ("handler", "income_supplementary", "partly_granted", "640.00", False, True),
    ("handler", "income_supplementary", "refused", None, False, True),
    ("handler", "income_supplementary", "granted", "1000.00", False, True),
    ("handler", "income_supplementary", "granted", "1000.01", False, False),
    ("handler", "income_preventive", "granted", "500.00", False, True),
    ("handler", "income_preventive", "refused", None, False, False),
    ("handler", "income_supplementary", "granted", "100.00", True, False),
    ("handler", "service", "granted", None, False, False),
    ("social_worker", "income_supplementary", "granted", "5000.00", False, True),
    ("social_worker", "income_preventive", "refused", None, True, True),
    ("social_worker", "service", "granted", None, True, True),
    ("counsellor", "income_supplementary", "granted", "10.00", False, False),
    ("counsellor", "service", "granted", None, False, False),
]


@pytest.mark.parametrize(("maker", "kind", "outcome", "amount", "special", "allowed"), DELEGATION)
def test_decisions_are_made_within_the_delegation(
    org, client, handler, maker, kind, outcome, amount, special, allowed
):
    user = {"handler": handler, "social_worker": org.social_worker, "counsellor": org.counsellor}[
        maker
    ]
    money = outcome in ("granted", "partly_granted") and kind.startswith("income")
    decision = supplementary(
        decision_type=kind,
        outcome=outcome,
        amount=Decimal(amount) if amount else None,
        legal_bases=["shl_45"] if kind == "service" else ["tttl_13"],
        period_start=dt.date(2026, 12, 1) if money else None,
        period_end=dt.date(2026, 12, 31) if money else None,
        pending_since=dt.date(2026, 11, 2) if kind == "service" else None,
    )

    def make():
        return services.decision_make(
            client=client, decision=decision, acting_user=user, special_support_need=special
        )

    if allowed:
        made = make()
        assert (made.decided_by, made.decided_by_role) == (user, user.role)
        event = Event.objects.get(activity="decision.made")
        assert event.attributes["decision"] == str(made.pk)
    else:
        with pytest.raises(DomainError, match=r"46|[Dd]eleg") as refused:
            make()
        assert refused.value.field == "outcome"
        assert not Decision.objects.exists()


def test_the_county_sets_its_own_delegation(org, client, handler):
    services.delegation_rules(org.county)
    DelegationRule.objects.filter(
        county=org.county, role="benefit_handler", decision_type="income_supplementary"
    ).update(max_amount=Decimal("300"))
    with pytest.raises(DomainError):
        services.decision_make(client=client, decision=supplementary(), acting_user=handler)
    assert services.decision_make(
        client=client, decision=supplementary(amount=Decimal("300")), acting_user=handler
    )


def test_no_ground_no_decision(org, client):
    with pytest.raises(PermissionDenied):
        services.decision_make(
            client=client, decision=supplementary(), acting_user=org.other_counsellor
        )
    assert not Decision.objects.exists()


def test_a_correction_is_a_new_decision_naming_the_old(client, handler):
    first = services.decision_make(client=client, decision=supplementary(), acting_user=handler)
    fixed = services.decision_make(
        client=client,
        decision=supplementary(amount=Decimal("700.00")),
        corrects=first,
        acting_user=handler,
    )
    first.refresh_from_db()
    assert first.amount == Decimal("640.00") and fixed.corrects == first
    assert list(first.corrections.all()) == [fixed]


@pytest.mark.parametrize(
    ("way", "sent_on", "received_on", "due"),
    [
        # A letter sent on Wed 25.11 is received on Wed 2.12; +30 days is Fri 1.1.2027,
        # New Year's Day: the last day moves to Mon 4.1.2027.
        ("letter", dt.date(2026, 11, 25), dt.date(2026, 12, 2), dt.date(2027, 1, 4)),
        # Electronically on Mon 23.11: received Thu 26.11; +30 is Sat 26.12 → Mon 28.12.
        ("electronic", dt.date(2026, 11, 23), dt.date(2026, 11, 26), dt.date(2026, 12, 28)),
        # In person on Tue 24.11: +30 is Thu 24.12, Christmas Eve → Mon 28.12.
        ("in_person", dt.date(2026, 11, 24), dt.date(2026, 11, 24), dt.date(2026, 12, 28)),
    ],
)
def test_notification_gives_the_day_of_receipt_and_the_rectification_deadline(
    client, handler, way, sent_on, received_on, due
):
    made = services.decision_make(
        client=client,
        decision=supplementary(decided_on=dt.date(2026, 11, 23)),
        acting_user=handler,
    )
    sent = services.decision_notify(decision=made, way=way, sent_on=sent_on, acting_user=handler)
    assert (sent.received_on, sent.rectification_due) == (received_on, due)
    event = Event.objects.get(activity="decision.notified")
    assert event.attributes["rectification_due"] == due.isoformat()
    with pytest.raises(ConflictError):
        services.decision_notify(decision=made, way=way, sent_on=sent_on, acting_user=handler)


def test_a_decision_is_not_sent_before_it_is_made_or_in_the_future(client, handler):
    made = services.decision_make(client=client, decision=supplementary(), acting_user=handler)
    for day in (TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        with pytest.raises(DomainError):
            services.decision_notify(decision=made, way="letter", sent_on=day, acting_user=handler)
    with pytest.raises(DomainError):
        services.decision_notify(decision=made, way="fax", sent_on=TODAY, acting_user=handler)
    made.refresh_from_db()
    assert made.notified_on is None


def test_the_case_timeline_tells_the_decision_in_the_readers_language(client, handler):
    from django.utils import translation

    from porras.casework.casefile.selectors import event_detail

    made = services.decision_make(client=client, decision=supplementary(), acting_user=handler)
    services.decision_notify(decision=made, way="letter", sent_on=TODAY, acting_user=handler)
    events = {e.activity: e for e in Event.objects.all()}
    with translation.override("fi"):
        assert event_detail(events["decision.made"]) == (
            "Täydentävä toimeentulotuki: osittain myönnetty, 640,00 €"
        )
        assert event_detail(events["decision.notified"]).endswith("4.1.2027")
    with translation.override("sv"):
        assert event_detail(events["decision.made"]).startswith("Kompletterande utkomststöd")


def test_a_request_for_rectification_is_registered_and_a_late_one_marked(client, handler):
    made = services.decision_make(
        client=client,
        decision=supplementary(decided_on=dt.date(2026, 10, 1)),
        acting_user=handler,
    )
    sent = services.decision_notify(
        decision=made, way="letter", sent_on=dt.date(2026, 10, 2), acting_user=handler
    )
    assert sent.rectification_due == dt.date(2026, 11, 9)  # 9.10 + 30 = Sun 8.11 → Mon 9.11
    on_time = services.rectification_receive(
        decision=sent,
        arrived_on=dt.date(2026, 11, 9),
        demands="Vuokravakuus pitää myöntää kokonaan.",
        acting_user=handler,
    )
    late = services.rectification_receive(
        decision=sent,
        arrived_on=dt.date(2026, 11, 10),
        demands="Toinen vaatimus myöhässä.",
        acting_user=handler,
    )
    assert (on_time.late, late.late) == (False, True)
    events = Event.objects.filter(activity="decision.rectification_received")
    assert [e.attributes["late"] for e in events.order_by("id")] == [False, True]
    for arrived_on, demands in ((TODAY + dt.timedelta(days=1), "Tulevaisuudesta"), (TODAY, "")):
        with pytest.raises(DomainError):
            services.rectification_receive(
                decision=sent, arrived_on=arrived_on, demands=demands, acting_user=handler
            )
    assert sent.rectification_requests.count() == 2


def test_a_granted_service_is_due_within_three_months_and_shows_on_its_case(case, org):
    """SHL § 45: the due date follows from the day the matter became pending; the case
    carries it as an open deadline until the implementation is recorded, once."""
    from porras.casework.casefile.selectors import open_deadlines

    worker = org.social_worker  # in public office; the case's client is in their team
    client_services.relationship_open(
        client=case.client, kind="co_worker", source="test:decision", worker=worker
    )
    service = services.DecisionInput(
        decision_type="service",
        outcome="granted",
        reasoning="Tehostettu palveluohjaus asumisen turvaamiseksi.",
        legal_bases=["shl_45"],
    )
    with pytest.raises(MissingContent) as missing:
        services.decision_make(client=case.client, decision=service, acting_user=worker)
    assert set(missing.value.errors) == {"pending_since"}
    service.pending_since = dt.date(2026, 11, 28)  # Saturday: 28.2.2027 is a Sunday
    with pytest.raises(MissingContent):  # not after the decision
        services.decision_make(client=case.client, decision=service, acting_user=worker)
    service.pending_since = dt.date(2026, 8, 29)  # +3 months: Sun 29.11 → Mon 30.11
    made = services.decision_make(
        client=case.client, decision=service, case_id=case.pk, acting_user=worker
    )
    assert made.implementation_due == dt.date(2026, 11, 30)
    due = [(d.rule, d.due) for d in open_deadlines([case])[case.pk]]
    assert ("service_implementation", dt.date(2026, 11, 30)) in due
    done = services.decision_implemented(decision=made, implemented_on=TODAY, acting_user=worker)
    assert done.implemented_on == TODAY
    assert "service_implementation" not in {d.rule for d in open_deadlines([case])[case.pk]}
    assert Event.objects.get(activity="decision.implemented").attributes["on_time"] is True
    with pytest.raises(ConflictError):
        services.decision_implemented(decision=made, implemented_on=TODAY, acting_user=worker)
    refused = services.decision_make(
        client=case.client,
        decision=services.DecisionInput(
            decision_type="service",
            outcome="refused",
            reasoning="Palvelulle ei ole tarvetta arvion mukaan.",
            legal_bases=["shl_45"],
        ),
        acting_user=worker,
    )
    assert refused.implementation_due is None
    with pytest.raises(DomainError):
        services.decision_implemented(decision=refused, implemented_on=TODAY, acting_user=worker)

"""Income support in the benefit handlers' queue, driven through their pages: routing,
access, completion and the personal discussion as two deadlines, the calculation, the
decision within delegation, the decision letter, payments and the figures."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from porras.audit.models import AccessLogEntry
from porras.benefits import payments, services
from porras.benefits.models import Handling, Payment, PaymentAccount, PaymentBatch
from porras.clients import services as client_services
from porras.clients.models import ClientRelationship
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.decisions import services as decisions
from porras.decisions.models import Decision, RectificationRequest
from porras.eventlog.models import Event
from porras.intake.models import IntakeItem
from tests.intake.conftest import helsinki

pytestmark = pytest.mark.django_db

VALID_IBAN = "FI2112345600000785"
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(n: int) -> str:
    """A valid identity code of someone born in 1980, the n-th of them."""
    individual = f"{n + 20:03d}"
    return f"010180-{individual}{CHECK[int('010180' + individual) % 31]}"


COUNTY_IBAN = "FI5810171000000122"


def url(name, item, **kwargs):
    return reverse(f"benefits:{name}", kwargs={"item_id": item.pk, **kwargs})


def act(client, item, action, data=None):
    return client.post(url("action", item, action=action), data or {})


def calculation_form(handling_version, **overrides):
    data = {
        "version": handling_version,
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "preventive_grounds": "",
        "household-TOTAL_FORMS": "1",
        "household-INITIAL_FORMS": "0",
        "household-0-relation": "applicant",
        "household-0-first_name": "Liisa",
        "household-0-birth_year": "1952",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "expense",
        "lines-0-category": "medicine",
        "lines-0-description": "Reseptilääkkeet",
        "lines-0-amount": "180.00",
        "lines-0-assessment": "accepted",
        "lines-1-kind": "expense",
        "lines-1-category": "utilities",
        "lines-1-description": "Sähkölasku",
        "lines-1-amount": "300.00",
        "lines-1-assessment": "partly",
        "lines-1-accepted_amount": "200.00",
        "lines-1-reason": "Kohtuullinen sähkönkulutus yhden hengen taloudessa.",
        "lines-2-kind": "income",
        "lines-2-description": "Eläke",
        "lines-2-amount": "50.00",
    }
    data.update(overrides)
    return data


def decision_form(version, **overrides):
    data = {
        "version": version,
        "outcome": "partly_granted",
        "legal_bases": ["tttl_1", "tttl_7c", "hl_45"],
        "reasoning": "Lääkkeet hyväksytään kokonaan, sähkölasku kohtuullisen kulutuksen mukaan.",
        "amount": "320.00",
        "payees-TOTAL_FORMS": "2",
        "payees-INITIAL_FORMS": "0",
        "payees-0-kind": "client",
        "payees-0-name": "Liisa Testinen",
        "payees-0-iban": VALID_IBAN,
        "payees-0-amount": "320.00",
    }
    data.update(overrides)
    return data


def version_of(item):
    return Handling.objects.get(item=item).version


def claimed_and_calculated(login, org, item):
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    handler.post(url("calculation", item), calculation_form(""))
    return handler


# --- Routing and access ---


def test_an_application_waits_in_the_benefit_handlers_queue_not_in_guidance(
    org, login, apply, this_monday
):
    item = apply()
    assert item.track == "benefits"
    guidance = login(org.guidance)
    assert "Testinen Liisa" not in guidance.get(reverse("intake:queue")).text
    assert guidance.get(url("application", item)).status_code == 403
    handler = login(org.benefit_handler2)  # another team's handler: one regional queue
    page = handler.get(reverse("benefits:queue"))
    assert page.status_code == 200 and "Testinen Liisa" in page.text
    assert act(handler, item, "claim").status_code == 302
    item.refresh_from_db()
    assert item.claimed_by == org.benefit_handler2
    # The team's duty pair and manager do not see an applicant through the queue.
    from porras.synth.factories import DutyPairFactory

    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    for worker in (org.manager, org.social_worker):
        assert login(worker).get(url("application", item)).status_code == 403


def test_a_second_handler_cannot_take_a_taken_application(org, login, apply):
    item = apply()
    act(login(org.benefit_handler), item, "claim")
    other = login(org.benefit_handler2)
    response = act(other, item, "claim")
    assert response.status_code == 302 and response.url == reverse("benefits:queue")
    item.refresh_from_db()
    assert item.claimed_by == org.benefit_handler


def test_queue_reads_are_logged_and_take_a_fixed_number_of_queries(
    org, login, apply, django_assert_max_num_queries
):
    for n in range(3):
        apply(hetu=hetu(n))
    handler = login(org.benefit_handler)
    handler.get(reverse("benefits:queue"))  # warm caches
    with django_assert_max_num_queries(25) as few:
        handler.get(reverse("benefits:queue"))
    for n in range(6):
        apply(hetu=hetu(10 + n), when=helsinki(2026, 11, 24, 9, n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        handler.get(reverse("benefits:queue"))
    assert AccessLogEntry.objects.filter(record_type="benefits.queue").count() >= 9


# --- Completion and the personal discussion ---


def test_completion_moves_the_due_date_to_the_seventh_working_day_after_it(
    org, login, apply, today
):
    item = apply()
    assert item.due_date == dt.date(2026, 12, 2)  # Mon 23.11. + 7 working days
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    refused = act(handler, item, "completion_request", {"note": ""})
    assert refused.status_code == 400
    assert act(handler, item, "completion_request", {"note": "Tiliote puuttuu."}).status_code == 302
    item.refresh_from_db()
    assert item.status == "waiting_completion"
    assert act(handler, item, "completed", {"completed_on": today.isoformat()}).status_code == 302
    item.refresh_from_db()
    assert (item.due_rule, item.due_date) == ("income_support_completed", dt.date(2026, 12, 4))
    page = handler.get(url("application", item))
    assert "Completion is asked only once" in page.text or "pyydetään vain kerran" in page.text
    assert [e.activity for e in Event.objects.filter(item_id=item.pk).order_by("id")][-3:] == [
        "intake.claimed",
        "intake.completion_requested",
        "intake.completed",
    ]


def test_an_application_carries_both_deadlines(org, login, apply, today):
    item = apply(personal_discussion_requested=True, when=helsinki(2026, 11, 24, 9, 0))
    assert item.due_date == dt.date(2026, 12, 3)
    assert item.discussion_due == dt.date(2026, 12, 3)
    later = apply(hetu=hetu(1))
    handler = login(org.benefit_handler)
    act(handler, later, "claim")
    assert (
        act(handler, later, "discussion_request", {"requested_on": today.isoformat()}).status_code
        == 302
    )
    later.refresh_from_db()
    assert later.due_date == dt.date(2026, 12, 2)  # the decision's own deadline unchanged
    assert later.discussion_due == dt.date(2026, 12, 4)
    assert act(handler, later, "discussion_held", {"held_on": "2026-11-20"}).status_code == 400
    assert act(handler, later, "discussion_held", {"held_on": today.isoformat()}).status_code == 302
    later.refresh_from_db()
    assert later.discussion_held_on == today


# --- Calculation ---


def test_the_calculation_accepts_expenses_in_full_in_part_or_not_with_reasons(org, login, apply):
    item = apply()
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    missing_reason = calculation_form("", **{"lines-1-reason": ""})
    response = handler.post(url("calculation", item), missing_reason)
    assert response.status_code == 400
    assert "Perustele, miksi menoa ei hyväksytä kokonaan" in response.text
    assert "Sähkölasku" in response.text  # what was typed is kept
    assert not Handling.objects.filter(item=item, calculated_at__isnull=False).exists()
    too_much = calculation_form("", **{"lines-1-accepted_amount": "300.00"})
    assert handler.post(url("calculation", item), too_much).status_code == 400
    not_a_number = calculation_form("", **{"lines-0-amount": "sata"})
    assert handler.post(url("calculation", item), not_a_number).status_code == 400
    backwards = calculation_form("", period_end="2026-11-30")
    response = handler.post(url("calculation", item), backwards)
    assert "Ajanjakso ei voi päättyä ennen alkamistaan" in response.text
    assert handler.post(url("calculation", item), calculation_form("")).status_code == 302
    handling = Handling.objects.get(item=item)
    result = services.result_of(handling)
    assert (result.expenses_accepted, result.income, result.monthly, result.total) == (
        Decimal("380.00"),
        Decimal("50.00"),
        Decimal("330.00"),
        Decimal("330.00"),
    )
    event = Event.objects.get(item_id=item.pk, activity="benefit.calculated")
    assert event.attributes["total"] == "330.00"


def test_kela_surplus_is_counted_and_a_stale_form_is_refused(org, login, apply):
    item = apply()
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    kela = {
        "version": "",
        "kela_reference": "TT-2026-123",
        "kela_decided_on": "2026-11-20",
        "kela_basic_support": "555.00",
        "kela_surplus": "10.00",
    }
    assert act(handler, item, "kela", kela).status_code == 302
    stale = act(handler, item, "kela", {**kela, "version": "1", "kela_surplus": "20.00"})
    assert stale.status_code == 409
    version = version_of(item)
    assert handler.post(url("calculation", item), calculation_form(version)).status_code == 302
    assert services.result_of(Handling.objects.get(item=item)).monthly == Decimal("320.00")


def test_preventive_support_needs_its_grounds(org, login, apply):
    item = apply(kind="application_preventive")
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    response = handler.post(url("calculation", item), calculation_form(""))
    assert response.status_code == 400 and "ehkäisevän" in response.text.lower()
    grounds = calculation_form("", preventive_grounds="Sähkökatkon estäminen turvaa asumisen.")
    assert handler.post(url("calculation", item), grounds).status_code == 302


# --- Decision, delegation, notification ---


def test_partly_granted_within_delegation_schedules_the_payment_and_sending_closes_it(
    org, login, apply, today
):
    item = apply()
    handler = claimed_and_calculated(login, org, item)
    response = handler.post(url("decide", item), decision_form(version_of(item)))
    assert response.status_code == 302
    decision = Decision.objects.get(item_id=item.pk)
    assert (decision.outcome, decision.amount, decision.decided_by) == (
        "partly_granted",
        Decimal("320.00"),
        org.benefit_handler,
    )
    payment = Payment.objects.get(decision=decision)
    assert (payment.amount, payment.iban, payment.pay_on) == (
        Decimal("320.00"),
        VALID_IBAN,
        dt.date(2026, 11, 26),
    )
    assert handler.post(url("decide", item), decision_form(version_of(item))).status_code == 302
    assert Decision.objects.filter(item_id=item.pk).count() == 1  # decided once
    sent = act(handler, item, "notify", {"way": "letter", "sent_on": today.isoformat()})
    assert sent.status_code == 302
    item.refresh_from_db()
    decision.refresh_from_db()
    assert (item.status, item.outcome) == ("closed", "decided")
    assert decision.received_on == dt.date(2026, 12, 2)
    assert decision.rectification_due == dt.date(2027, 1, 1) or decision.rectification_due == (
        dt.date(2027, 1, 4)
    )
    # The handlers keep the ground for the rest of the day (to print the letter).
    assert handler.get(url("application", item)).status_code == 200
    relationship = ClientRelationship.objects.get(source=f"intake:{item.pk}")
    assert timezone.localtime(relationship.valid_until).date() == today
    with clock.travel(clock.now() + dt.timedelta(days=1)):
        assert handler.get(url("application", item)).status_code == 403


def test_a_decision_beyond_the_handlers_limit_is_refused_naming_the_rule(org, login, apply):
    item = apply()
    handler = claimed_and_calculated(login, org, item)
    big = decision_form(
        version_of(item),
        outcome="granted",
        amount="1500.00",
        **{"payees-0-amount": "1500.00"},
    )
    response = handler.post(url("decide", item), big)
    assert response.status_code == 400
    assert "delegointi" in response.text.lower() or "delegation" in response.text.lower()
    assert "1500.00" in response.text
    assert not Decision.objects.filter(item_id=item.pk).exists()
    assert not Payment.objects.exists()
    # The same decision by a social worker in public office, who has the client, passes.
    client_services.relationship_open(
        client=item.client, kind="responsible", source="test:case", worker=org.social_worker
    )
    made = decisions.decision_make(
        client=item.client,
        decision=decisions.DecisionInput(
            decision_type="income_supplementary",
            outcome="granted",
            reasoning="Kaikki menot hyväksytään: välttämättömät ja kohtuulliset.",
            legal_bases=["tttl_7c"],
            amount=Decimal("1500.00"),
            period_start=dt.date(2026, 12, 1),
            period_end=dt.date(2026, 12, 31),
        ),
        acting_user=org.social_worker,
        item_id=item.pk,
    )
    assert made.amount == Decimal("1500.00")


def test_bad_decisions_are_refused_naming_the_field_and_nothing_is_saved(org, login, apply):
    item = apply()
    handler = claimed_and_calculated(login, org, item)
    version = version_of(item)
    cases = [
        (decision_form(version, reasoning=""), "perustelut"),
        (decision_form(version, legal_bases=[]), "oikeusperuste"),
        (decision_form(version, amount="-5"), "amount"),
        (decision_form(version, **{"payees-0-iban": "FI2112345600000786"}), "IBAN"),
        (decision_form(version, **{"payees-0-amount": "100.00"}), "320.00"),
    ]
    for data, words in cases:
        response = handler.post(url("decide", item), data)
        assert response.status_code == 400, words
        assert words.lower() in response.text.lower(), words
        assert data["reasoning"] in response.text  # what was typed is kept
    assert not Decision.objects.exists() and not Payment.objects.exists()


def test_special_support_need_raises_the_application_to_social_work(org, login, apply):
    item = apply()
    client_services.relationship_open(
        client=item.client, kind="responsible", source="case:x", worker=org.social_worker
    )
    handler = claimed_and_calculated(login, org, item)
    page = handler.get(url("application", item))
    assert "sosiaalihuoltolaki" in page.text.lower() and "46" in page.text
    refused = handler.post(url("decide", item), decision_form(version_of(item)))
    assert refused.status_code == 400 and "46" in refused.text
    no_reason = act(handler, item, "raise", {"urgency": "not_urgent", "note": ""})
    assert no_reason.status_code == 400
    raised = act(
        handler, item, "raise", {"urgency": "not_urgent", "note": "Erityisen tuen asiakas."}
    )
    assert raised.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("forwarded", "forwarded")
    assert ClientRelationship.objects.filter(
        source=f"intake:{item.pk}", kind="distribution", active=True
    ).exists()


def test_a_decided_decision_cannot_change(org, login, apply):
    item = apply()
    handler = claimed_and_calculated(login, org, item)
    handler.post(url("decide", item), decision_form(version_of(item)))
    calculation = services.CalculationInput(
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        household=[services.MemberInput("applicant", "Liisa", 1980)],
        lines=[
            services.LineInput(
                "expense", "Lääkkeet", Decimal("10"), "medicine", "accepted", None, ""
            )
        ],
    )
    with pytest.raises(ConflictError):
        services.calculation_save(
            item=item, acting_user=org.benefit_handler, calculation=calculation, version=None
        )


# --- The decision letter ---


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_decision_letter_carries_the_rectification_instructions_in_finnish_and_swedish(
    org, login, apply, today
):
    item = apply()
    item.client.non_disclosure = True
    item.client.street_address = "Piilokatu 5"
    item.client.save()
    handler = claimed_and_calculated(login, org, item)
    handler.post(url("decide", item), decision_form(version_of(item)))
    act(handler, item, "notify", {"way": "electronic", "sent_on": today.isoformat()})
    decision = Decision.objects.get(item_id=item.pk)
    # Printed after the sending is recorded: the deadline is a date.
    fi = pdf_text(handler.get(url("decision_pdf", item, language="fi")).content)
    sv = pdf_text(handler.get(url("decision_pdf", item, language="sv")).content)
    due = f"{decision.rectification_due:%-d.%-m.%Y}"
    assert "Oikaisuvaatimusohje" in fi and due in fi and "320,00" in fi
    assert "Anvisning om begäran om omprövning" in sv and due in sv
    for text in (fi, sv):
        assert "Piilokatu" not in text and item.client.hetu not in text
    assert AccessLogEntry.objects.filter(record_type="benefits.decision_pdf").count() == 2


# --- Payments ---


@pytest.fixture
def account(org):
    return PaymentAccount.objects.create(
        county=org.county, name="Testin hyvinvointialue", iban=COUNTY_IBAN, bic="NDEAFIHH"
    )


def decided(login, org, item, **overrides):
    handler = claimed_and_calculated(login, org, item)
    handler.post(url("decide", item), decision_form(version_of(item), **overrides))
    return handler


def test_the_days_batch_exports_once_as_valid_pain001_and_csv(org, login, apply, account):
    import sepaxml
    import xmlschema

    first = apply()
    second = apply(hetu=hetu(1))
    decided(login, org, first)
    decided(
        login,
        org,
        second,
        **{
            "payees-0-kind": "pharmacy",
            "payees-0-name": "Kuopion apteekki",
            "payees-0-amount": "120.00",
            "payees-1-kind": "client",
            "payees-1-name": "Asiakas",
            "payees-1-iban": VALID_IBAN,
            "payees-1-amount": "200.00",
        },
    )
    handler = login(org.benefit_handler)
    response = handler.post(reverse("benefits:payments"), {"pay_date": "2026-11-26"})
    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    assert (batch.number, batch.lines, batch.total) == (1, 3, Decimal("640.00"))
    schema = xmlschema.XMLSchema(f"{sepaxml.__path__[0]}/schemas/pain.001.001.03.xsd")
    schema.validate(batch.pain001)
    assert f"<MsgId>{batch.message_id}</MsgId>" in batch.pain001
    assert "<CtrlSum>640.00</CtrlSum>" in batch.pain001
    again = handler.post(reverse("benefits:payments"), {"pay_date": "2026-11-26"})
    assert again.status_code == 409 and "erä 1" in again.text.lower()
    assert PaymentBatch.objects.count() == 1
    download = handler.get(
        reverse("benefits:batch_file", kwargs={"batch_id": batch.pk, "file_format": "csv"})
    )
    rows = download.content.decode().strip().splitlines()
    assert len(rows) == 4 and rows[0].startswith("batch;pay_date")
    assert Event.objects.filter(activity="payment.exported").count() == 3
    # A payment commitment prints for the pharmacy.
    pharmacy = Payment.objects.get(payee_kind="pharmacy")
    commitment = handler.get(url("commitment_pdf", second, payment_id=pharmacy.pk, language="fi"))
    assert "Maksusitoumus" in pdf_text(commitment.content)


def test_nothing_is_paid_twice_and_the_command_is_idempotent(org, login, apply, account, tmp_path):
    from django.core.management import call_command

    decided(login, org, apply())

    def export(file_format, out):
        call_command(
            "payments", "export", "--date", "2026-11-26", "--format", file_format,
            "--out", str(out), "--county", org.county.name,
        )  # fmt: skip
        return out.read_text()

    out = tmp_path / "pain.xml"
    first = export("pain001", out)
    assert export("pain001", out) == first
    assert PaymentBatch.objects.count() == 1
    assert Payment.objects.filter(batch__isnull=True).count() == 0
    with pytest.raises(DomainError):
        payments.batch_export(
            county=org.county, pay_date=dt.date(2026, 11, 27), acting_user=org.benefit_handler
        )  # nothing left to pay
    csv_text = export("csv", tmp_path / "batch.csv")
    assert re.search(r"^1;2026-11-26;", csv_text, re.M)


def test_the_county_account_iban_is_checked(org):
    from django.core.exceptions import ValidationError

    account = PaymentAccount(county=org.county, name="X", iban="FI5810171000000123", bic="NDEAFIHH")
    with pytest.raises(ValidationError):
        account.full_clean()


# --- Figures ---


def test_share_decided_in_time_matches_an_independent_count(org, login, apply):
    items = [apply(hetu=hetu(n)) for n in range(3)]
    for item in items:
        decided(login, org, item)
    # One decided late: move its due date back as if it had arrived earlier.
    IntakeItem.objects.filter(pk=items[0].pk).update(due_date=dt.date(2026, 11, 20))
    from porras.benefits import selectors

    rows = selectors.decisions_in_time(
        org.county, since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30)
    )
    expected_in_time = sum(
        1
        for d in Decision.objects.filter(item_id__isnull=False)
        if d.decided_on <= IntakeItem.objects.get(pk=d.item_id).due_date
    )
    assert [(r.team, r.decided, r.in_time) for r in rows] == [(org.team.name, 3, expected_in_time)]
    assert expected_in_time == 2
    page = login(org.manager).get(reverse("benefits:statistics"))
    assert page.status_code == 200 and "67 %" in page.text


# --- Requests for rectification ---


def test_a_request_for_rectification_is_registered_and_decided_by_the_body(
    org, login, apply, today
):
    item = apply()
    handler = decided(login, org, item)
    act(handler, item, "notify", {"way": "letter", "sent_on": today.isoformat()})
    registered = act(
        handler,
        item,
        "rectification",
        {"arrived_on": today.isoformat(), "demands": "Sähkölasku tulee hyväksyä kokonaan."},
    )
    assert registered.status_code == 302
    request = RectificationRequest.objects.get()
    assert not request.late
    # The handler records no decision of the body; a social worker in public office does,
    # after stating why they need the (now closed) application's client.
    assert "rectification_decide" not in handler.get(url("application", item)).text
    social_worker = login(org.social_worker)
    assert social_worker.get(url("application", item)).status_code == 403
    social_worker.post(
        reverse("benefits:reason", kwargs={"item_id": item.pk}),
        {"kind": "other_task", "explanation": "Esittelen oikaisuvaatimuksen jaostolle."},
    )
    decide = {
        "request": str(request.pk),
        "resolution": "changed",
        "resolution_reasoning": "Sähkölasku hyväksytään kokonaan: lämmitin oli viallinen.",
        "outcome": "granted",
        "amount": "420.00",
    }
    missing = act(social_worker, item, "rectification_decide", {**decide, "outcome": ""})
    assert missing.status_code == 400
    assert "lämmitin oli viallinen" in missing.text  # kept
    assert act(social_worker, item, "rectification_decide", decide).status_code == 302
    request.refresh_from_db()
    original = Decision.objects.get(corrects__isnull=True, item_id=item.pk)
    assert (request.resolution, request.corrected_by.corrects, request.corrected_by.amount) == (
        "changed",
        original,
        Decimal("420.00"),
    )
    assert Event.objects.filter(activity="decision.rectification_decided").count() == 1
    # The difference to what was paid (320.00) is paid to the client's account.
    difference = Payment.objects.get(decision=request.corrected_by)
    assert (difference.amount, difference.iban) == (Decimal("100.00"), VALID_IBAN)
    again = act(social_worker, item, "rectification_decide", decide)
    assert again.status_code == 409


def test_a_late_request_is_only_dismissed(org, login, apply, today):
    item = apply()
    handler = decided(login, org, item)
    act(handler, item, "notify", {"way": "letter", "sent_on": today.isoformat()})
    decision = Decision.objects.get(item_id=item.pk)
    with clock.travel(clock.now() + dt.timedelta(days=60)):
        client_services.relationship_open(
            client=item.client, kind="responsible", source="test", worker=org.social_worker
        )
        request = decisions.rectification_receive(
            decision=decision,
            arrived_on=clock.today(),
            demands="Pyydän oikaisua.",
            acting_user=org.social_worker,
        )
        assert request.late
        with pytest.raises(DomainError):
            decisions.rectification_decide(
                request=request,
                resolution="upheld",
                reasoning="Päätös on lainmukainen.",
                acting_user=org.social_worker,
            )
        dismissed = decisions.rectification_decide(
            request=request,
            resolution="dismissed",
            reasoning="Vaatimus saapui määräajan jälkeen.",
            acting_user=org.social_worker,
        )
    assert dismissed.resolution == "dismissed" and dismissed.corrected_by is None


def test_share_in_time_for_a_generated_quarter_matches_a_count_from_the_event_log(db):
    """The figures read decisions and applications; this count reads only the event log:
    each application's last due date (arrival, or completion) against its decision's day."""
    from collections import Counter

    from porras.benefits import selectors
    from porras.synth.generator import generate_county

    county = generate_county(size="small", seed=4).county
    since, until = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    due, team = {}, {}
    steps = Event.objects.filter(
        county=county, activity__in=["intake.received", "intake.completed"]
    ).order_by("at", "id")
    for event in steps:
        due[event.item_id] = dt.date.fromisoformat(event.attributes["due_date"])
        team[event.item_id] = event.team.name
    made, on_time = Counter(), Counter()
    for event in Event.objects.filter(county=county, activity="decision.made"):
        if event.attributes["type"] not in ("income_supplementary", "income_preventive"):
            continue
        if "corrects" in event.attributes:
            continue
        decided_on = dt.date.fromisoformat(event.attributes["decided_on"])
        key = (team[event.item_id], decided_on.replace(day=1))
        made[key] += 1
        on_time[key] += decided_on <= due[event.item_id]
    rows = selectors.decisions_in_time(county, since=since, until=until)
    assert sum(made.values()) >= 10 and 0 < sum(on_time.values()) < sum(made.values())
    assert [(r.team, r.month, r.decided, r.in_time) for r in rows] == [
        (t, m, made[(t, m)], on_time[(t, m)]) for t, m in sorted(made)
    ]


def test_a_raised_application_is_decided_by_the_worker_of_its_case(
    org, login, apply, this_monday, today
):
    from porras.casework import services as casework
    from porras.synth.factories import DutyPairFactory

    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    item = apply()
    handler = login(org.benefit_handler)
    act(handler, item, "claim")
    act(handler, item, "raise", {"urgency": "not_urgent", "note": "Monta tuen tarvetta."})
    casework.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=True,
        broad_need=True,
        reasons="Ei selviydy hakemisesta itse.",
    )
    casework.case_assign(
        item=item, worker=org.social_worker, acting_user=org.counsellor, reason="Päivystys"
    )
    item.refresh_from_db()
    assert item.status == "assigned"
    worker = login(org.social_worker)
    # The case shows the application's own deadline (§ 14 a) until it is decided.
    from porras.casework.casefile.selectors import open_deadlines

    case = item.cases.get()
    assert [(d.rule, d.due) for d in open_deadlines([case])[case.pk]] == [
        ("income_support_decision", item.due_date)
    ]
    page = worker.get(url("application", item))
    assert page.status_code == 200 and 'href="' + url("decide", item) in page.text
    assert "completion_request" not in page.text  # the queue's steps are behind it
    assert worker.post(url("calculation", item), calculation_form("")).status_code == 302
    made = worker.post(url("decide", item), decision_form(version_of(item)))
    assert made.status_code == 302
    decision = Decision.objects.get(item_id=item.pk)
    assert decision.decided_by == org.social_worker and decision.special_support_need
    assert open_deadlines([case])[case.pk] == []
    sent = act(worker, item, "notify", {"way": "letter", "sent_on": today.isoformat()})
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == "assigned"  # it stays the case's
    # The handler who raised it no longer sees it.
    assert login(org.benefit_handler).get(url("application", item)).status_code == 403
    # A colleague who does not work on the case cannot decide it.
    other = login(org.social_worker2)
    assert other.post(url("calculation", item), calculation_form("")).status_code == 403


def test_an_application_for_a_client_one_had_no_ground_to_see_is_flagged(
    org, kuopio_client, api_client_for
):
    """Recording an application opens the client to every benefit handler of the county:
    for an existing client the recorder could not see — even of their own team — the data
    protection officer is told."""
    response = api_client_for(org.benefit_handler).post(
        "/api/v1/intake/items/",
        {
            "kind": "application_supplementary",
            "channel": "letter",
            "received_at": "2026-11-25T08:00:00+02:00",
            "client": {"hetu": kuopio_client.hetu},
            "team": str(org.team.pk),
            "description": "Paperihakemus.",
        },
        format="json",
    )
    assert response.status_code == 201
    flagged = AccessLogEntry.objects.get(record_type="intake.matter_for_existing_client")
    assert (flagged.user, flagged.client_id, flagged.flagged, flagged.purpose) == (
        org.benefit_handler,
        kuopio_client.pk,
        True,
        "benefit_queue",
    )

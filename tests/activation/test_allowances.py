"""The month's allowances: the organiser's XLSX report of a generated month against sums
computed here from the attendance rows, and a month paid into the payment batches."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from porras.activation import services
from porras.activation.models import Attendance, Organiser, OrganiserStaff, WorkActivityPlan
from porras.benefits.models import Payment
from porras.decisions.models import Decision
from porras.eventlog.models import Event
from porras.synth.generator import generate_county

MONTH = dt.date(2026, 11, 1)
LAST = dt.date(2026, 11, 30)


def expected_rows(organiser) -> dict:
    """Independently: per period at the organiser, the days present in November, 9 € a day
    for an income support recipient, travel at single fares or the monthly ticket."""
    rows = {}
    for plan in WorkActivityPlan.objects.filter(place__organiser=organiser):
        if not (plan.starts_on <= LAST and plan.last_day >= MONTH):
            continue
        present = Attendance.objects.filter(plan=plan, present=True, day__gte=MONTH)
        absent = Attendance.objects.filter(plan=plan, present=False, day__gte=MONTH).count()
        days = present.count()
        allowance = Decimal(9) * days if plan.activity_allowance else Decimal(0)
        fares = plan.fare_per_day * days
        travel = min(fares, plan.monthly_ticket) if plan.monthly_ticket and days else fares
        hours = sum((a.hours for a in present), Decimal(0))
        rows[plan.client.display_name] = (
            days,
            float(hours),
            absent,
            float(allowance),
            float(travel),
        )
    return rows


@pytest.fixture
def generated(db):
    return generate_county(size="small", seed=5).county


def test_the_organisers_report_matches_the_attendance(generated, client):
    checked = 0
    for organiser in Organiser.objects.filter(county=generated):
        expected = expected_rows(organiser)
        staff = OrganiserStaff.objects.get(organiser=organiser).worker
        client.force_login(staff)
        response = client.get(f"/activation/organisers/{organiser.pk}/report/2026-11/")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        lines = list(sheet.iter_rows(min_row=3, values_only=True))
        body, total = lines[:-1], lines[-1]
        got = {row[0]: (row[3], row[4], row[5], row[6], row[7]) for row in body}
        assert got == expected
        assert total[3] == sum(v[0] for v in expected.values())
        assert total[6] == pytest.approx(sum(v[3] for v in expected.values()))
        assert total[8] == pytest.approx(sum(v[3] + v[4] for v in expected.values()))
        checked += len(expected)
        client.logout()
    assert checked >= 5  # the generated month has participants to check


def test_another_organisers_report_is_refused(generated, client):
    first, second = Organiser.objects.filter(county=generated).order_by("name")[:2]
    client.force_login(OrganiserStaff.objects.get(organiser=first).worker)
    assert client.get(f"/activation/organisers/{second.pk}/report/2026-11/").status_code == 403


def test_a_month_is_paid_once_into_the_payment_batches(
    org, case, work_plan, organiser_staff, login
):
    services.attendance_record(
        plan=work_plan,
        days=[
            services.DayInput(dt.date(2026, 11, 2), True, hours=Decimal(6)),
            services.DayInput(dt.date(2026, 11, 3), True, hours=Decimal(6)),
            services.DayInput(dt.date(2026, 11, 4), False, absence_reason="illness"),
        ],
        acting_user=organiser_staff,
    )
    browser = login(org.counsellor2)
    # November has not ended (today is 25.11.): not paid yet.
    response = browser.post(f"/activation/plans/{work_plan.pk}/pay/", {"month": "2026-11"})
    assert response.status_code == 302 and not Payment.objects.exists()
    # A month is paid on the decision on work activity.
    decision = Decision.objects.create(
        county=org.county,
        client=case.client,
        case_id=case.pk,
        decision_type="service",
        outcome="granted",
        legal_bases=["shl_45"],
        reasoning="Kuntouttava työtoiminta myönnetään.",
        decided_on=dt.date(2026, 10, 30),
        decided_by=org.social_worker,
        decided_by_role="social_worker",
        created_at=dt.datetime(2026, 10, 30, 10, tzinfo=dt.UTC),
    )
    assert (
        browser.post(
            f"/activation/plans/{work_plan.pk}/decision/", {"d-decision": str(decision.pk)}
        ).status_code
        == 302
    )
    work_plan.refresh_from_db()
    assert work_plan.decision == decision
    linked = Event.objects.get(activity="activation.work_plan_changed", case_id=case.pk)
    assert linked.attributes["decision"] == str(decision.pk)
    with pytest.raises(services.DomainError):
        services.allowance_pay(
            plan=work_plan, month=dt.date(2026, 11, 1), present_days=2, acting_user=org.counsellor2
        )
    from porras.core import clock

    with clock.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)):
        paid = services.allowance_pay(
            plan=work_plan, month=dt.date(2026, 11, 1), present_days=2, acting_user=org.counsellor2
        )
        with pytest.raises(services.DomainError):
            services.allowance_pay(
                plan=work_plan,
                month=dt.date(2026, 11, 1),
                present_days=2,
                acting_user=org.counsellor2,
            )
    # 2 days × 9 € + travel 2 × 5.60 € (cheaper than the 55 € ticket).
    assert (paid.days, paid.allowance, paid.travel) == (2, Decimal("18.00"), Decimal("11.20"))
    payment = Payment.objects.get()
    assert payment.amount == Decimal("29.20") and payment.batch is None
    assert payment.iban == "FI2112345600000785" and payment.decision == decision
    assert Event.objects.filter(activity="activation.allowance_calculated").count() == 1
    assert Event.objects.filter(activity="payment.scheduled", case_id=case.pk).count() == 1

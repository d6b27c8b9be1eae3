"""Distribution by the duty pair: four-field, recommendation, assignment, conflicts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from porras.casework import selectors, services
from porras.casework.models import Case, Quadrant, quadrant_of
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.models import Event
from porras.intake import services as intake_services
from porras.people.models import Notification, Role
from porras.synth.factories import AbsenceFactory, WorkerFactory
from tests.intake.conftest import helsinki


@pytest.fixture
def forwarded(org, kuopio):
    def _forwarded(hetu="131052-308T", urgency="not_urgent"):
        item, _ = intake_services.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind="contact",
            channel="phone",
            received_at=helsinki(2026, 11, 24, 9, 0),
            description="Tarvitsee tukea",
            client=intake_services.ClientRef(
                hetu=hetu,
                first_name="Liisa",
                last_name="Testinen",
                details={"municipality": kuopio},
            ),
        )
        intake_services.item_claim(item=item, acting_user=org.guidance)
        intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency=urgency)
        return intake_services.item_forward(
            item=item, acting_user=org.guidance, note="Monta tuen tarvetta"
        )

    return _forwarded


def assess(org, item, *, special, broad, reasons="Arki"):
    """The duty pair's counsellor assesses the item's support need."""
    return services.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=special,
        broad_need=broad,
        reasons=reasons,
    )


@pytest.mark.parametrize(
    ("special", "broad", "quadrant"),
    [(False, False, "A"), (False, True, "B"), (True, False, "C"), (True, True, "D")],
)
def test_default_four_field(special, broad, quadrant):
    assert quadrant_of(special_difficulty=special, broad_need=broad) == quadrant


def test_special_support_goes_to_a_social_worker_in_public_office(org, duty, forwarded):
    org.social_worker2.public_office = False
    org.social_worker2.save()
    item = forwarded()
    assess(org, item, special=True, broad=True, reasons="Päihteet ja asunnottomuus")
    recommendation = selectors.recommend(org.team, Quadrant.D)
    assert recommendation.worker == org.social_worker
    with pytest.raises(DomainError, match=r"virkasuhteessa|public office"):
        services.case_assign(
            item=item, worker=org.social_worker2, acting_user=org.counsellor, reason="Tuttu asiakas"
        )
    case = services.case_assign(item=item, worker=org.social_worker, acting_user=org.counsellor)
    assert (case.responsible, case.quadrant, case.team) == (org.social_worker, "D", org.team)
    item.refresh_from_db()
    assert item.status == "assigned"
    assert Notification.objects.filter(recipient=org.social_worker).exists()
    assert set(Event.objects.filter(case_id=case.pk).values_list("activity", flat=True)) == {
        "intake.assigned",
        "case.recommended",
        "case.opened",
        "case.assigned",
    }
    assert case.client.relationships.filter(
        kind="responsible", worker=org.social_worker, active=True
    ).exists()
    assert not case.client.relationships.filter(kind="intake_queue", active=True).exists()


# A new case in quadrant B at the assessment stage weighs 1.0 × 1.2 (the defaults).
CASE = 1.2


def give_cases(org, forwarded, workers):
    for worker in workers:
        item = forwarded()
        assess(org, item, special=False, broad=True, reasons="Talous")
        services.case_assign(item=item, worker=worker, acting_user=org.counsellor, reason="Testi")


def test_recommendation_weighs_load_by_capacity(org, duty, forwarded):
    """Two new cases at full time (2 × 1.2 = 2.4 per FTE) come before one at 40 %
    (1.2 / 0.4 = 3.0 per FTE): a recommendation that ignored capacity would pick the
    part-timer's lower raw load (1.2)."""
    org.counsellor2.capacity = Decimal("0.4")
    org.counsellor2.save()
    give_cases(org, forwarded, [org.counsellor, org.counsellor, org.counsellor2])
    recommendation = selectors.recommend(org.team, Quadrant.B)
    assert recommendation.worker == org.counsellor
    by_worker = {c.worker: c for c in recommendation.candidates}
    assert by_worker[org.counsellor].load == pytest.approx(2 * CASE)
    assert by_worker[org.counsellor2].load == pytest.approx(CASE)
    assert by_worker[org.counsellor].load_per_fte == pytest.approx(2 * CASE)
    assert by_worker[org.counsellor2].load_per_fte == pytest.approx(CASE / 0.4)
    assert "2.4" in recommendation.reason or "2,4" in recommendation.reason


def test_recommendation_prefers_the_lowest_load_per_fte(org, duty, forwarded):
    give_cases(org, forwarded, [org.counsellor])
    assert selectors.recommend(org.team, Quadrant.B).worker == org.counsellor2
    give_cases(org, forwarded, [org.counsellor2, org.counsellor2])
    assert selectors.recommend(org.team, Quadrant.B).worker == org.counsellor


def test_absent_worker_is_not_recommended_nor_accepted(org, duty, forwarded, today):
    AbsenceFactory(worker=org.counsellor2, starts_on=today, ends_on=today + dt.timedelta(days=7))
    item = forwarded()
    assess(org, item, special=False, broad=True, reasons="Arki")
    assert selectors.recommend(org.team, Quadrant.B).worker == org.counsellor
    with pytest.raises(DomainError) as refused:
        services.case_assign(
            item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Haluan hänet"
        )
    assert refused.value.field == "worker"


def test_override_needs_a_reason_and_is_recorded(org, duty, forwarded):
    item = forwarded()
    assess(org, item, special=False, broad=True, reasons="Arki")
    other = ({org.counsellor, org.counsellor2} - {selectors.recommend(org.team, "B").worker}).pop()
    with pytest.raises(DomainError, match=r"reason|peruste"):
        services.case_assign(item=item, worker=other, acting_user=org.counsellor)
    case = services.case_assign(
        item=item, worker=other, acting_user=org.counsellor, reason="Asiakas on ennestään tuttu"
    )
    assert case.assignments.get().reason == "Asiakas on ennestään tuttu"
    assert Event.objects.filter(case_id=case.pk, activity="case.assignment_overridden").exists()


def test_wrong_role_and_other_team_are_refused(org, duty, forwarded):
    item = forwarded()
    assess(org, item, special=False, broad=True, reasons="Arki")
    with pytest.raises(DomainError):
        services.case_assign(item=item, worker=org.guidance, acting_user=org.counsellor, reason="x")
    with pytest.raises(DomainError, match=r"tiimissä|not in the team"):
        services.case_assign(
            item=item, worker=org.other_counsellor, acting_user=org.counsellor, reason=""
        )


def test_only_the_duty_pair_or_manager_distributes(org, duty, forwarded, login):
    item = forwarded()
    with pytest.raises(Exception, match=r"päivystyspari|duty pair"):
        services.support_need_assess(
            item=item,
            acting_user=org.counsellor2,
            special_difficulty=False,
            broad_need=False,
            reasons="x",
        )
    assert login(org.counsellor2).get(reverse("casework:board")).status_code == 403
    assert login(org.manager).get(reverse("casework:board")).status_code == 200


def test_second_assignment_is_told_who_took_it(org, duty, forwarded):
    item = forwarded()
    assess(org, item, special=False, broad=True, reasons="Arki")
    worker = selectors.recommend(org.team, "B").worker
    services.case_assign(item=item, worker=worker, acting_user=org.counsellor)
    stale = type(item).objects.get(pk=item.pk)
    stale.status = "forwarded"  # what the other pair member's page still shows
    with pytest.raises(ConflictError) as conflict:
        services.case_assign(item=stale, worker=worker, acting_user=org.social_worker)
    assert str(worker) in conflict.value.message
    assert Case.objects.count() == 1


def test_board_in_the_browser_forms(org, duty, forwarded, login):
    item = forwarded(urgency="urgent")
    client = login(org.social_worker)
    board = client.get(reverse("casework:board"))
    assert "Testinen Liisa" in board.text
    assert "Käsiteltävä tänään" in board.text
    assert "1 kiireellinen asia on vielä käsiteltävä tänään." in board.text
    prefix = f"i{item.pk.hex[:12]}"
    bad = client.post(
        reverse("casework:action", kwargs={"item_id": item.pk, "action": "assess"}),
        {f"{prefix}a-special_difficulty": "1"},
    )
    assert bad.status_code == 400
    client.post(
        reverse("casework:action", kwargs={"item_id": item.pk, "action": "assess"}),
        {
            f"{prefix}a-special_difficulty": "1",
            f"{prefix}a-broad_need": "1",
            f"{prefix}a-reasons": "Useita tuen tarpeita",
        },
    )
    board = client.get(reverse("casework:board"))
    assert "Suositus:" in board.text
    response = client.post(
        reverse("casework:action", kwargs={"item_id": item.pk, "action": "assign"}),
        {f"{prefix}s-worker": org.social_worker.pk},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    page = client.get(reverse("casework:case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200 and "Testinen Liisa" in page.text
    front = client.get(reverse("home:front"))
    assert "Asiakkuus, olet vastuutyöntekijä" in front.text and "Testinen Liisa" in front.text


def test_accept_all(org, duty, forwarded):
    items = [forwarded(hetu=h) for h in ("131052-308T", "010101A123N")]
    for item in items:
        services.support_need_assess(
            item=item,
            acting_user=org.counsellor,
            special_difficulty=False,
            broad_need=True,
            reasons="Arki",
        )
    forwarded(hetu="131052Y308T")  # not assessed: stays on the board
    opened, skipped = services.accept_all(team=org.team, acting_user=org.counsellor)
    assert len(opened) == 2
    assert len(skipped) == 1


def test_no_eligible_worker_is_said(org, duty, forwarded, today):
    for worker in (org.counsellor, org.counsellor2):
        AbsenceFactory(worker=worker, starts_on=today, ends_on=today + dt.timedelta(days=10))
    recommendation = selectors.recommend(org.team, Quadrant.B)
    assert recommendation.worker is None
    assert recommendation.reason


def test_accepting_the_recommendations_spreads_the_cases_evenly(org, duty, forwarded):
    """Twelve matters to five counsellors by the recommendation: nobody ends with more than
    one case above anybody else."""
    counsellors = [org.counsellor, org.counsellor2] + [
        WorkerFactory(
            username=f"ohjaaja{n}", role=Role.COUNSELLOR, county=org.county, teams=[org.team]
        )
        for n in range(3)
    ]
    for _ in range(12):
        item = forwarded()
        assess(org, item, special=False, broad=True, reasons="Talous")
        chosen = selectors.recommend(org.team, Quadrant.B).worker
        services.case_assign(item=item, worker=chosen, acting_user=org.counsellor)
    loads = selectors.load_by_worker(counsellors, org.county)
    assert sum(loads.values()) == pytest.approx(12 * CASE)
    assert max(loads.values()) - min(loads.values()) <= CASE + 1e-9, loads


def test_managers_workload_view(org, duty, forwarded, login):
    item = forwarded()
    assess(org, item, special=True, broad=True, reasons="Laaja tarve")
    case = services.case_assign(item=item, worker=org.social_worker, acting_user=org.counsellor)
    rows = {row.worker: row for row in selectors.workload(org.team)}
    assert rows[org.social_worker].by_quadrant["D"] == 1
    assert rows[org.social_worker].new_this_week == 1
    assert rows[org.social_worker].load == pytest.approx(2.0 * 1.2)
    page = login(org.manager).get(reverse("casework:workload"))
    assert page.status_code == 200
    assert "Sanna Sosiaali" in page.text and "Kuormitus" in page.text
    assert login(org.counsellor).get(reverse("casework:workload")).status_code == 403
    assert case.quadrant == "D"


def test_the_workload_table_costs_the_same_queries_however_many_cases(
    org, duty, forwarded, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = login(org.manager)
    with CaptureQueriesContext(connection) as few:
        manager.get(reverse("casework:workload"))
    for hetu in ("131052-308T", "010101A123N", "020202A123C"):
        item = forwarded(hetu=hetu)
        assess(org, item, special=False, broad=True)
        services.case_assign(
            item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Testi"
        )
    AbsenceFactory(
        worker=org.counsellor2, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 3)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = manager.get(reverse("casework:workload"))
    assert "Siirrä asiakkuudet" in page.text


def test_the_pick_lists_offer_only_the_eligible_grouped_recommended_first(
    org, duty, forwarded, login
):
    item = forwarded()
    assess(org, item, special=False, broad=True)
    board = login(org.counsellor).get(reverse("casework:board"))
    row = next(r for r in board.context["rows"] if r["item"].pk == item.pk)
    choices = row["assign_form"].fields["worker"].choices
    recommended = selectors.recommend(org.team, Quadrant.B).worker
    assert choices[0][0] == "Suositus" and choices[0][1][0][0] == recommended.pk
    assert "(suositus)" in choices[0][1][0][1]
    offered = {pk for _group, options in choices for pk, _label in options}
    assert offered == {org.counsellor.pk, org.counsellor2.pk, org.other_counsellor.pk}
    assert [group for group, _options in choices][1:] == ["Kuopion tiimi", "Varkauden tiimi"]
    case = services.case_assign(item=item, worker=recommended, acting_user=org.counsellor)
    page = login(org.counsellor).get(reverse("casework:case", kwargs={"case_id": case.pk}))
    consult = page.context["forms"]["consult"].fields["consultant"].queryset
    assert {w.role for w in consult} <= {"social_worker", "counsellor"}
    assert org.data_protection not in consult and org.admin not in consult
    assert recommended not in consult


def test_my_cases_cost_the_same_queries_however_many_cases(
    org, duty, forwarded, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from porras.casework.casefile import services as casefile

    def open_case(hetu):
        item = forwarded(hetu=hetu)
        assess(org, item, special=False, broad=True)
        return services.case_assign(
            item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Testi"
        )

    casefile.assessment_start(case=open_case("131052-308T"), acting_user=org.counsellor2)
    worker = login(org.counsellor2)
    with CaptureQueriesContext(connection) as few:
        worker.get(reverse("casework:mine"))
    for hetu in ("010101A123N", "020202A123C", "030303A1233"):
        case = open_case(hetu)
        casefile.assessment_start(case=case, acting_user=org.counsellor2)
        casefile.appointment_book(
            case=case,
            booking=casefile.Booking(
                purpose="work", starts_at=clock.now() + dt.timedelta(days=3), mode="phone"
            ),
            acting_user=org.counsellor2,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = worker.get(reverse("casework:mine"))
    assert len(page.context["page"].object_list) == 4


def test_overdue_reviews_cost_the_same_queries_however_many(
    org, duty, forwarded, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from porras.casework.casefile import services as casefile
    from porras.casework.models import ClientPlan

    def overdue_plan(hetu):
        item = forwarded(hetu=hetu)
        assess(org, item, special=False, broad=True)
        case = services.case_assign(
            item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Testi"
        )
        record = casefile.assessment_start(case=case, acting_user=org.counsellor2)
        casefile.assessment_complete(
            assessment=record,
            content={
                "housing": "Vuokra-asunto",
                "situation_summary": "Tilanne",
                "client_view": "Oma näkemys",
                "needs_client_relationship": True,
                "special_support_need": False,
                "needs_responsible_worker": True,
            },
            expected_revision=None,
            acting_user=org.counsellor2,
        )
        plan = casefile.plan_make(
            plan=casefile.plan_draft(case=case, acting_user=org.counsellor2),
            content={"client_view": "Oma näkemys", "follow_up": "Tapaamiset"},
            goals=[casefile.GoalInput("Töihin", [{"text": "Kokeilu", "performer": "client"}])],
            made_on=clock.today(),
            review_due=clock.today() + dt.timedelta(days=30),
            client_agrees=True,
            expected_revision=None,
            acting_user=org.counsellor2,
        )
        ClientPlan.objects.filter(pk=plan.pk).update(review_due=dt.date(2026, 11, 1))

    overdue_plan("131052-308T")
    manager = login(org.manager)
    with CaptureQueriesContext(connection) as few:
        manager.get(reverse("casework:overdue_reviews"))
    for hetu in ("010101A123N", "020202A123C", "030303A1233"):
        overdue_plan(hetu)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = manager.get(reverse("casework:overdue_reviews"))
    assert len(page.context["rows"]) == 4

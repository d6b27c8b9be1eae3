"""Each person sees their own work: the front page list, absent holders, the client overview."""

import datetime as dt

from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.casework import services as casework_services
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem
from porras.synth.factories import AbsenceFactory, DutyPairFactory
from tests.intake.conftest import helsinki


def received(org, kuopio, hetu="131052-308T", day=24, **extra):
    item, _ = intake_services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, day, 9, 0),
        description="Tarvitsee tukea",
        client=intake_services.ClientRef(
            hetu=hetu, first_name="Liisa", last_name="Testinen", details={"municipality": kuopio}
        ),
        **extra,
    )
    return item


def test_the_matter_a_guidance_worker_holds_is_on_their_front_page(org, login, kuopio):
    late = received(org, kuopio, day=2, hetu="010101A123N")  # due long ago
    fresh = received(org, kuopio)
    for item in (fresh, late):
        intake_services.item_claim(item=item, acting_user=org.guidance)
    page = login(org.guidance).get(reverse("home:front"))
    own = page.context["own_work"]
    assert [row.obj.pk for row in own] == [late.pk, fresh.pk]  # overdue first
    assert own[0].overdue and not own[1].overdue
    assert reverse("intake:item", kwargs={"item_id": late.pk}) in page.text
    assert "myöhässä" in page.text
    # The names on the list were logged as the guidance worker's reads.
    assert AccessLogEntry.objects.filter(
        user=org.guidance, record_type="home.own_work", client_id=late.client_id
    ).exists()


def test_cases_and_consultations_are_on_the_workers_list(org, login, case):
    casework_services.consultation_ask(
        case=case,
        consultant=org.social_worker2,
        question="Erityinen tuki?",
        acting_user=org.counsellor2,
    )
    responsible = login(org.counsellor2).get(reverse("home:front"))
    assert [row.kind for row in responsible.context["own_work"]] == ["case"]
    consultant = login(org.social_worker2).get(reverse("home:front"))
    assert [row.kind for row in consultant.context["own_work"]] == ["consultation"]
    assert "Konsultaatiopyyntö" in consultant.text


def test_a_matter_held_by_an_absent_worker_is_flagged_and_the_manager_returns_it(
    org, login, kuopio, today
):
    item = received(org, kuopio)
    intake_services.item_claim(item=item, acting_user=org.guidance)
    queue = login(org.manager).get(reverse("intake:queue"))
    assert "poissa tänään" not in queue.text
    AbsenceFactory(worker=org.guidance, starts_on=today, ends_on=today + dt.timedelta(days=5))
    queue = login(org.manager).get(reverse("intake:queue"))
    assert "poissa tänään" in queue.text
    # A colleague may not take it over; the manager returns it to the queue.
    colleague = login(org.counsellor)
    release = reverse("intake:action", kwargs={"item_id": item.pk, "action": "release"})
    assert colleague.post(release).status_code == 403
    assert login(org.manager).post(release).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.claimed_by) == ("queued", None)


def test_after_distribution_the_matter_names_the_responsible_worker(org, login, case):
    item = IntakeItem.objects.get(cases=case)
    page = login(org.counsellor2).get(reverse("intake:item", kwargs={"item_id": item.pk}))
    assert org.counsellor2.get_full_name() in page.text.split("Tila")[1].split("</dd>")[0]
    assert reverse("casework:case", kwargs={"case_id": case.pk}) in page.text
    # And the case says what it is about: the matter as guidance left it.
    case_page = login(org.counsellor2).get(reverse("casework:case", kwargs={"case_id": case.pk}))
    assert "Mistä asiakkuudessa on kyse" in case_page.text and "Tarvitsee tukea" in case_page.text


def test_the_client_overview_shows_everything_logged_and_masked(org, login, case, make_client):
    client = case.client
    overview = reverse("home:client_overview", kwargs={"client_id": client.pk})
    page = login(org.counsellor2).get(overview)
    assert page.status_code == 200
    assert "Kuopion tiimi" in page.text and "Asiakkuudet" in page.text
    assert "Vastuutyöntekijä" in page.text or "vastuutyöntekijä" in page.text
    assert AccessLogEntry.objects.filter(
        user=org.counsellor2, client_id=client.pk, record_type="home.client_overview"
    ).exists()
    assert login(org.other_counsellor).get(overview).status_code == 403
    # A non-disclosure client's teams (their area) are hidden from a stated reason.
    client.non_disclosure = True
    client.save()
    stranger = login(org.other_counsellor)
    stranger.post(
        reverse("clients:reason", kwargs={"client_id": client.pk}),
        {"kind": "emergency", "explanation": "Kriisitilanne iltapäivystyksessä."},
    )
    masked = stranger.get(overview)
    assert masked.status_code == 200 and "Kuopion tiimi" not in masked.text


def test_the_duty_pair_sees_the_forwarded_matter_guidance_no_longer(
    org, login, kuopio, this_monday
):
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    item = received(org, kuopio, hetu="010101A123N")
    intake_services.item_claim(item=item, acting_user=org.guidance)
    intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="not_urgent")
    intake_services.item_forward(item=item, acting_user=org.guidance)
    detail = reverse("clients:detail", kwargs={"client_id": item.client_id})
    assert login(org.counsellor).get(detail).status_code == 200  # the duty pair
    assert login(org.manager).get(detail).status_code == 200
    assert login(org.counsellor2).get(detail).status_code == 403  # a colleague off duty
    assert login(org.guidance).get(detail).status_code == 403  # guidance's task ended

"""The case from its first appointment to closure, driven through the pages as a worker
uses them: appointments, the service need assessment, the plan with its packages, the
narrative, the review and the closure — and what each refuses."""

import datetime as dt

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.casework.casefile import selectors, services
from porras.casework.models import (
    Appointment,
    AssessmentStatus,
    Case,
    ClientPlan,
    PlanStatus,
    ServiceNeedAssessment,
    Stage,
)
from porras.core import clock
from porras.eventlog.models import Event
from tests.conftest import FROZEN_NOW


def url(name, case, **kwargs):
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk, **kwargs})


def activities(case):
    return list(Event.objects.filter(case_id=case.pk).values_list("activity", flat=True))


def book(http, case, **overrides):
    form = http.get(url("appointments", case)).context["form"]
    data = {
        "once": form.initial["once"],
        "purpose": "assessment",
        "day": "2026-11-26",
        "time": "10:00",
        "duration_minutes": "60",
        "mode": "in_person",
        "place": "Sosiaaliasema, huone 12",
        "client_takes_part": "on",
        "workers": [case.responsible_id],
        "partners": "",
    }
    data.update(overrides)
    return http.post(url("appointments", case), data)


def assessment_data(record, **overrides):
    data = {
        "revision": record.revision,
        "housing": "Vuokra-asunto, vuokrarästejä kaksi kuukautta.",
        "relationships": "",
        "education_work": "Ammattikoulu, työtön 3 vuotta.",
        "finances": "Ulosotossa.",
        "health": "",
        "substance_use": "",
        "authority_network": "TE-palvelut",
        "situation_summary": "Taloudellinen kriisi ja pitkä työttömyys.",
        "client_view": "Haluaa päästä töihin.",
        "needs_client_relationship": "1",
        "special_support_need": "0",
        "special_support_grounds": "",
        "needs_responsible_worker": "1",
        "proposed_services": "Sosiaaliohjaus, kuntouttava työtoiminta",
        "completed_on": "2026-11-25",
    }
    data.update(overrides)
    return data


def plan_data(record, **overrides):
    data = {
        "revision": record.revision,
        "life_situation": "Asuu yksin.",
        "strengths": "Motivoitunut",
        "client_view": "Haluan töihin ja velat kuntoon.",
        "meeting_frequency": "Joka toinen viikko",
        "estimated_duration": "6 kk",
        "follow_up": "Tapaamiset ja tarkistus",
        "invited": "TE-palvelut",
        "made_on": "2026-11-25",
        "review_due": "2027-05-25",
        "client_agrees": "1",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-0-text": "Velkatilanne selvitetty",
        "goals-1-text": "Työllistyminen",
        "measures-TOTAL_FORMS": "2",
        "measures-INITIAL_FORMS": "0",
        "measures-0-goal": "1",
        "measures-0-text": "Talous- ja velkaneuvonta",
        "measures-0-performer": "partner",
        "measures-0-partner": "Talous- ja velkaneuvonta",
        "measures-0-package": "",
        "measures-1-goal": "2",
        "measures-1-text": "Kuntouttava työtoiminta 3 pv/vko",
        "measures-1-performer": "client",
        "measures-1-partner": "",
        "measures-1-package": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def worker_http(case, login):
    return login(case.responsible)


def started_assessment(case):
    return services.assessment_start(case=case, acting_user=case.responsible)


def completed_assessment(case, **content):
    record = started_assessment(case)
    values = {
        "housing": "Vuokra-asunto",
        "situation_summary": "Tilanne",
        "client_view": "Oma näkemys",
        "needs_client_relationship": True,
        "special_support_need": False,
        "needs_responsible_worker": True,
    }
    values.update(content)
    return services.assessment_complete(
        assessment=record, content=values, expected_revision=None, acting_user=case.responsible
    )


# --- Appointments ---


def test_booking_and_outcome_through_the_page(case, worker_http):
    response = book(worker_http, case)
    assert response.status_code == 302
    appointment = Appointment.objects.get(case=case)
    assert appointment.document_type == "narrative" and appointment.author == case.responsible
    assert list(appointment.workers.all()) == [case.responsible]
    page = worker_http.get(url("case", case))
    assert page.context["next_appointment"] == appointment
    # The appointment is tomorrow: it can be cancelled, not kept.
    prefix = f"o{appointment.pk.hex[:8]}"
    refused = worker_http.post(
        url("appointment_outcome", case, appointment_id=appointment.pk),
        {f"{prefix}-status": "kept", f"{prefix}-note": "", f"{prefix}-revision": "1"},
        follow=True,
    )
    assert "ei ole vielä alkanut" in refused.text
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    worker_http.post(
        url("appointment_outcome", case, appointment_id=appointment.pk),
        {
            f"{prefix}-status": "cancelled_by_client",
            f"{prefix}-note": "Sairas",
            f"{prefix}-revision": "1",
        },
    )
    appointment.refresh_from_db()
    assert (
        appointment.status == "cancelled_by_client" and appointment.outcome_by == case.responsible
    )
    cancelled = Event.objects.get(case_id=case.pk, activity="case.appointment_cancelled")
    assert cancelled.attributes["by"] == "client"
    # Once recorded, an outcome stays.
    again = worker_http.post(
        url("appointment_outcome", case, appointment_id=appointment.pk),
        {f"{prefix}-status": "cancelled_by_us", f"{prefix}-note": "", f"{prefix}-revision": "2"},
        follow=True,
    )
    assert "on jo kirjattu" in again.text


def test_a_booking_sent_twice_books_once(case, worker_http):
    form = worker_http.get(url("appointments", case)).context["form"]
    token = form.initial["once"]
    book(worker_http, case, once=token)
    book(worker_http, case, once=token)
    assert Appointment.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"mode": "in_person", "place": ""}, "place", "Kerro, missä"),
        ({"day": "2028-01-10"}, "starts_at", "enintään vuoden"),
        ({"day": "2026-09-01"}, "starts_at", "30 päivän"),
        ({"duration_minutes": "600"}, "duration_minutes", ""),
    ],
)
def test_bad_bookings_are_refused_and_keep_what_was_typed(
    case, worker_http, overrides, field, message
):
    response = book(worker_http, case, partners="Oma tukihenkilö", **overrides)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Oma tukihenkilö"' in response.text
    assert not Appointment.objects.filter(case=case).exists()


def test_only_the_case_workers_book(case, login, org):
    response = book(login(org.counsellor), case)
    # The duty pair's counsellor sees the client but does not do this case's work.
    assert response.status_code == 403
    assert not Appointment.objects.filter(case=case).exists()


def test_kept_and_no_show_once_the_time_has_come(case):
    appointment = services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="assessment",
            starts_at=FROZEN_NOW - dt.timedelta(hours=2),
            mode="phone",
        ),
        acting_user=case.responsible,
    )
    services.appointment_record_outcome(
        appointment=appointment, status="no_show", acting_user=case.responsible
    )
    assert "case.appointment_no_show" in activities(case)


# --- Waiting time and no-shows from the event log ---


def test_wait_to_first_kept_appointment_and_no_show_rate_come_from_events(case, org, monkeypatch):
    # The matter was forwarded on Wednesday 25.11.; the client missed Friday's meeting and
    # came on the Monday after.
    friday = services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="assessment", starts_at=FROZEN_NOW + dt.timedelta(days=2), mode="phone"
        ),
        acting_user=case.responsible,
    )
    monday = services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="assessment", starts_at=FROZEN_NOW + dt.timedelta(days=5), mode="phone"
        ),
        acting_user=case.responsible,
    )
    monkeypatch.setattr(clock, "_fixed", FROZEN_NOW + dt.timedelta(days=2, hours=2))
    services.appointment_record_outcome(
        appointment=friday, status="no_show", acting_user=case.responsible
    )
    monkeypatch.setattr(clock, "_fixed", FROZEN_NOW + dt.timedelta(days=5, hours=2))
    services.appointment_record_outcome(
        appointment=monday, status="kept", acting_user=case.responsible
    )
    figures = selectors.appointment_figures(
        org.county, FROZEN_NOW, FROZEN_NOW + dt.timedelta(days=7)
    )
    assert figures.waits == [5] and figures.median_wait == 5.0
    assert figures.kept == 1 and figures.no_shows == 1 and figures.no_show_rate == 0.5
    # A period without outcomes has no rate, not a zero one.
    empty = selectors.appointment_figures(
        org.county, FROZEN_NOW - dt.timedelta(days=30), FROZEN_NOW
    )
    assert empty.no_show_rate is None and empty.waits == []


# --- Service need assessment ---


def test_assessment_names_every_missing_field_and_saves_nothing(case, worker_http):
    worker_http.post(url("assessment", case), {"started_on": "2026-11-25"})
    record = ServiceNeedAssessment.objects.get(case=case)
    response = worker_http.post(
        url("assessment_detail", case, assessment_id=record.pk),
        assessment_data(
            record,
            housing="",
            education_work="",
            finances="",
            authority_network="",
            situation_summary="",
            client_view="Oma näkemys jää talteen",
            needs_responsible_worker="",
            next_step="complete",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"housing", "situation_summary", "needs_responsible_worker"}
    assert "Oma näkemys jää talteen" in response.text
    record.refresh_from_db()
    assert record.status == AssessmentStatus.IN_PROGRESS and record.client_view == ""


def test_a_counsellor_cannot_conclude_special_support(case, worker_http):
    record = started_assessment(case)
    response = worker_http.post(
        url("assessment_detail", case, assessment_id=record.pk),
        assessment_data(
            record,
            special_support_need="1",
            special_support_grounds="Päihteet ja mielenterveys",
            next_step="complete",
        ),
    )
    assert response.status_code == 400
    assert "virkasuhteinen sosiaalityöntekijä" in response.text
    record.refresh_from_db()
    assert record.status == AssessmentStatus.IN_PROGRESS


def test_a_social_worker_in_public_office_concludes_special_support(case, org):
    from porras.casework import services as distribution

    distribution.co_worker_set(
        case=case, worker=org.social_worker, acting_user=case.responsible, expected_version=None
    )
    case.refresh_from_db()
    org.social_worker.public_office = True
    org.social_worker.save()
    record = started_assessment(case)
    done = services.assessment_complete(
        assessment=record,
        content={
            "health": "Mielenterveyden haasteet",
            "situation_summary": "Laaja tuen tarve",
            "client_view": "Tarvitsen apua",
            "needs_client_relationship": True,
            "special_support_need": True,
            "special_support_grounds": "Kognitiiviset vaikeudet",
            "needs_responsible_worker": True,
        },
        expected_revision=record.revision,
        acting_user=org.social_worker,
    )
    assert done.status == "completed" and done.completed_by == org.social_worker
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING


def test_completing_moves_the_case_to_planning_and_is_then_read_only(case, worker_http):
    record = started_assessment(case)
    response = worker_http.post(
        url("assessment_detail", case, assessment_id=record.pk),
        assessment_data(record, next_step="complete"),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    record.refresh_from_db()
    assert record.status == "completed" and case.stage == Stage.PLANNING
    assert [a for a in activities(case) if a.startswith("case.assessment")] == [
        "case.assessment_started",
        "case.assessment_completed",
    ]
    again = worker_http.post(
        url("assessment_detail", case, assessment_id=record.pk),
        assessment_data(record, client_view="Muutettu"),
    )
    assert again.status_code == 403


def test_two_workers_saving_one_assessment_do_not_overwrite(case, worker_http):
    record = started_assessment(case)
    stale = record.revision
    services.assessment_save(
        assessment=record,
        content={"housing": "Toisen tallennus"},
        expected_revision=stale,
        acting_user=case.responsible,
    )
    response = worker_http.post(
        url("assessment_detail", case, assessment_id=record.pk),
        assessment_data(record, revision=stale, housing="Minun tekstini", next_step="save"),
    )
    assert response.status_code == 409
    assert "Minun tekstini" in response.text
    record.refresh_from_db()
    assert record.housing == "Toisen tallennus"


def test_completion_due_follows_the_county_target(case):
    record = started_assessment(case)
    # Started Wednesday 25.11.2026; three months later is Thursday 25.2.2027.
    assert record.completion_due == dt.date(2027, 2, 25)
    found = selectors.open_deadlines([case])[case.pk]
    assert [d.rule for d in found] == ["assessment_completion"]


# --- Client plan ---


def test_plan_made_with_a_package_starts_it_and_the_pdf_renders(case, worker_http):
    completed_assessment(case)
    worker_http.post(url("plan_draft", case))
    draft = ClientPlan.objects.get(case=case, status=PlanStatus.DRAFT)
    package = services.packages_for(case.county)[2]  # rehabilitative
    response = worker_http.post(
        url("plan_version", case, number=draft.number),
        plan_data(draft, **{"measures-1-package": str(package.pk), "next_step": "make"}),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    draft.refresh_from_db()
    case.refresh_from_db()
    assert draft.status == PlanStatus.IN_FORCE and case.stage == Stage.MEASURES
    assert [g.text for g in draft.goals.all()] == ["Velkatilanne selvitetty", "Työllistyminen"]
    assert case.packages.get().package == package
    assert "case.package_started" in activities(case)
    pdf = worker_http.get(url("plan_pdf", case, number=draft.number, language="sv"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_plan_review_date_beyond_a_year_is_refused(case, worker_http):
    completed_assessment(case)
    draft = services.plan_draft(case=case, acting_user=case.responsible)
    response = worker_http.post(
        url("plan_version", case, number=draft.number),
        plan_data(draft, review_due="2028-01-01", next_step="make"),
    )
    assert response.status_code == 400
    assert "vähintään kerran vuodessa" in response.text
    assert 'value="Haluan töihin ja velat kuntoon."' in response.text or (
        "Haluan töihin ja velat kuntoon." in response.text
    )
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and not draft.goals.exists()


def test_plan_needs_goals_with_measures(case, worker_http):
    completed_assessment(case)
    draft = services.plan_draft(case=case, acting_user=case.responsible)
    response = worker_http.post(
        url("plan_version", case, number=draft.number),
        plan_data(
            draft,
            **{"measures-1-text": "", "client_agrees": "", "next_step": "make"},
        ),
    )
    assert response.status_code == 400
    text = response.text
    assert "Tavoite 2 tarvitsee vähintään yhden toimenpiteen" in text
    assert "onko asiakas suunnitelmasta samaa mieltä" in text


def test_plan_is_made_only_after_the_assessment(case):
    draft = services.plan_draft(case=case, acting_user=case.responsible)
    with pytest.raises(services.DomainError, match="palvelutarpeen arviointi"):
        services.plan_make(
            plan=draft,
            content={"client_view": "x", "follow_up": "y"},
            goals=[services.GoalInput("Tavoite", [{"text": "Teko", "performer": "client"}])],
            made_on=clock.today(),
            review_due=clock.today() + dt.timedelta(days=100),
            client_agrees=True,
            expected_revision=None,
            acting_user=case.responsible,
        )


def make_plan(case, review_due=None):
    completed_assessment(case)
    draft = services.plan_draft(case=case, acting_user=case.responsible)
    return services.plan_make(
        plan=draft,
        content={"client_view": "Oma näkemys", "follow_up": "Tapaamiset"},
        goals=[
            services.GoalInput("Velat kuntoon", [{"text": "Velkaneuvonta", "performer": "worker"}]),
            services.GoalInput("Töihin", [{"text": "Työkokeilu", "performer": "client"}]),
        ],
        made_on=clock.today(),
        review_due=review_due or dt.date(2027, 5, 25),
        client_agrees=True,
        expected_revision=None,
        acting_user=case.responsible,
    )


def test_versions_are_kept_and_compared(case, worker_http):
    first = make_plan(case)
    worker_http.post(url("plan_draft", case))
    second = ClientPlan.objects.get(case=case, status=PlanStatus.DRAFT)
    assert second.number == 2 and [g.text for g in second.goals.all()] == [
        "Velat kuntoon",
        "Töihin",
    ]
    worker_http.post(
        url("plan_version", case, number=2),
        plan_data(
            second, **{"goals-1-text": "Työllistyminen avoimille markkinoille", "next_step": "make"}
        ),
    )
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    page = worker_http.get(url("plan_compare", case) + "?a=1&b=2")
    assert page.status_code == 200
    assert "<ins>" in page.text and "avoimille markkinoille" in page.text


def test_the_client_refuses_a_plan(case, worker_http):
    completed_assessment(case)
    response = worker_http.post(url("plan_refuse", case), {"refusal-reason": ""})
    assert response.status_code == 400
    worker_http.post(url("plan_refuse", case), {"refusal-reason": "Ei halua suunnitelmaa nyt"})
    refused = ClientPlan.objects.get(case=case)
    assert refused.status == PlanStatus.REFUSED and refused.refusal_reason
    case.refresh_from_db()
    assert case.stage == Stage.MEASURES and "case.plan_refused" in activities(case)


# --- Review ---


def test_review_records_goals_and_next_date(case, worker_http):
    plan = make_plan(case)
    goals = list(plan.goals.all())
    data = {
        "review-reviewed_on": "2026-11-25",
        "review-participants": "Asiakas, TE-palvelut",
        "review-summary": "Edistystä",
        "review-plan_continues": "1",
        "review-next_review_due": "2027-11-26",
        f"review-goal_{goals[0].pk}": "reached",
        f"review-note_{goals[0].pk}": "Velat järjestelty",
    }
    refused = worker_http.post(url("plan_review", case), data)
    assert refused.status_code == 400
    text = refused.text
    assert "Kerro, miten pitkälle tavoite 2 saavutettiin" in text
    data[f"review-goal_{goals[1].pk}"] = "partly"
    late = worker_http.post(url("plan_review", case), data)
    assert late.status_code == 400 and "vähintään kerran vuodessa" in late.text
    data["review-next_review_due"] = "2027-06-01"
    assert worker_http.post(url("plan_review", case), data).status_code == 302
    plan.refresh_from_db()
    assert plan.review_due == dt.date(2027, 6, 1)
    review = plan.reviews.get()
    assert {g.outcome for g in review.goals.all()} == {"reached", "partly"}
    event = Event.objects.get(case_id=case.pk, activity="case.plan_reviewed")
    assert event.attributes["reached"] == 1 and event.attributes["goals"] == 2


def test_a_review_appointment_moves_the_case_to_review(case):
    make_plan(case)
    services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="review", starts_at=FROZEN_NOW + dt.timedelta(days=3), mode="video"
        ),
        acting_user=case.responsible,
    )
    case.refresh_from_db()
    assert case.stage == Stage.REVIEW


def test_overdue_reviews_per_worker_and_team(case, login, org):
    make_plan(case, review_due=dt.date(2027, 1, 5))
    assert not selectors.overdue_reviews(team=org.team).exists()
    later = dt.date(2027, 1, 10)
    assert list(selectors.overdue_reviews(team=org.team, today=later)) == [
        case.plans.get(status="in_force")
    ]
    assert selectors.overdue_reviews(worker=case.responsible, today=later).count() == 1
    assert selectors.overdue_reviews(worker=org.counsellor, today=later).count() == 0
    page = login(org.manager).get(reverse("casework:overdue_reviews"))
    assert page.status_code == 200 and page.context["team"] == org.team


# --- Narrative ---


def test_narrative_entries_by_anyone_with_access_and_corrections_after_24_hours(
    case, worker_http, login, org, monkeypatch
):
    form = worker_http.get(url("narrative", case)).context["form"]
    worker_http.post(
        url("narrative", case),
        {
            "once": form.initial["once"],
            "entry_date": "2026-11-25",
            "text": "Tapasimme.",
            "corrects": "",
        },
    )
    entry = case.narrative.get()
    assert entry.author == case.responsible and entry.document_type == "narrative"
    # The duty pair's social worker sees the client and may write too.
    duty = login(org.social_worker)
    duty_form = duty.get(url("narrative", case)).context["form"]
    duty.post(
        url("narrative", case),
        {
            "once": duty_form.initial["once"],
            "entry_date": "2026-11-25",
            "text": "Konsultoitu.",
            "corrects": "",
        },
    )
    assert case.narrative.count() == 2
    # Only the author edits, only within 24 hours.
    with pytest.raises(services.DomainError):
        services.narrative_edit(
            entry=entry,
            entry_date=entry.entry_date,
            text="x",
            expected_revision=None,
            acting_user=org.social_worker,
        )
    monkeypatch.setattr(clock, "_fixed", FROZEN_NOW + dt.timedelta(hours=25))
    response = login(case.responsible).post(
        url("narrative_edit", case, entry_id=entry.pk),
        {"entry_date": "2026-11-25", "text": "Muutettu", "revision": "1"},
    )
    assert response.status_code == 400 and "24 tunnin" in response.text
    entry.refresh_from_db()
    assert entry.text == "Tapasimme."
    correction = services.narrative_write(
        case=case,
        entry_date=dt.date(2026, 11, 25),
        text="Korjaus: tapasimme puhelimitse.",
        corrects=entry,
        acting_user=case.responsible,
    )
    assert correction.corrects == entry


# --- Closure ---


def test_closure_ends_access_and_the_former_worker_is_refused(case, worker_http, login, org):
    services.package_start(
        case=case,
        package=services.packages_for(case.county)[0],
        started_on=clock.today(),
        acting_user=case.responsible,
    )
    response = worker_http.post(
        url("close", case), {"reason": "goals_reached", "summary": "", "version": case.version}
    )
    assert response.status_code == 400 and "summary" in response.context["form"].errors
    case.refresh_from_db()
    response = worker_http.post(
        url("close", case),
        {
            "reason": "goals_reached",
            "summary": "Tavoitteet saavutettu, ohjattu TE-palveluihin.",
            "version": case.version,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "goals_reached"
    assert not case.packages.filter(ended_on__isnull=True).exists()
    assert not case.client.relationships.filter(worker=case.responsible, active=True).exists()
    former = login(case.responsible)
    refused = former.get(url("case", case))
    assert refused.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=case.responsible, client_id=case.client_id, outcome="refused"
    ).exists()
    # With a stated reason the former worker reads the case again, and it is read-only.
    from porras.clients import services as client_services

    client_services.stated_reason_create(
        worker=case.responsible,
        client=case.client,
        kind="other_task",
        explanation="Asiakas soitti ja kysyi päättyneestä asiakkuudesta.",
    )
    assert former.get(url("case", case)).status_code == 200
    with pytest.raises(services.DomainError, match="päättynyt"):
        services.narrative_write(
            case=case, entry_date=clock.today(), text="x", acting_user=case.responsible
        )


def test_booked_appointments_block_closure(case, worker_http):
    book(worker_http, case)
    response = worker_http.post(
        url("close", case),
        {
            "reason": "moved_away",
            "summary": "Muutti toiselle paikkakunnalle.",
            "version": case.version,
        },
    )
    assert response.status_code == 400 and "varattujen tapaamisten" in response.text
    assert Case.objects.get(pk=case.pk).status == "open"


def test_a_reopened_matter_starts_a_new_case_linked_to_the_old(case, org, kuopio):
    from porras.casework import services as distribution
    from porras.intake import services as intake_services
    from tests.intake.conftest import helsinki

    services.case_close(
        case=case,
        reason="not_reached",
        summary="Asiakasta ei tavoitettu kolmella yrityksellä.",
        expected_version=None,
        acting_user=case.responsible,
    )
    item, _ = intake_services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, 25, 9, 0),
        description="Soitti uudelleen",
        client=intake_services.ClientRef(
            hetu="131052-308T", first_name="Liisa", last_name="Testinen"
        ),
    )
    intake_services.item_claim(item=item, acting_user=org.guidance)
    intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="not_urgent")
    intake_services.item_forward(item=item, acting_user=org.guidance)
    distribution.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=False,
        broad_need=True,
        reasons="Talous",
    )
    new = distribution.case_assign(
        item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Tuttu"
    )
    assert new.previous_case == case and list(case.later_cases.all()) == [new]


# --- Documents, timeline, retention ---


def test_documents_and_timeline_of_the_case(case, worker_http):
    make_plan(case)
    page = worker_http.get(url("case", case))
    types = [d.document_type for d in page.context["documents"]]
    assert (
        types[0] == "case_start" and "service_need_assessment" in types and "client_plan" in types
    )
    timeline = [e.activity for e in page.context["events"]]
    assert timeline[0] == "intake.received" and timeline.index("case.opened") < timeline.index(
        "case.plan_made"
    )
    assert "Palvelutarpeen arviointi → Asiakassuunnitelma" in page.text


def test_retention_list_for_the_data_protection_officer(case, login, org, monkeypatch):
    services.case_close(
        case=case,
        reason="moved_away",
        summary="Muutti pois paikkakunnalta.",
        expected_version=None,
        acting_user=case.responsible,
    )
    assert not selectors.retention_due(org.county).exists()
    assert list(selectors.retention_due(org.county, today=dt.date(2036, 12, 1))) == [case]
    assert login(org.counsellor).get(reverse("casework:retention")).status_code == 403
    page = login(org.data_protection).get(reverse("casework:retention"))
    assert page.status_code == 200 and "Testinen" not in page.text


# --- The REST API ---


def test_the_case_file_through_the_api(case, org, api_client_for):
    """An integration reads the case with its deadlines and documents, books an
    appointment and records its outcome; a stale revision is 409, an outsider 403,
    and every read is in the access log."""
    api = api_client_for(case.responsible)
    started_assessment(case)
    body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["stage"] == Stage.ASSESSMENT and body["responsible"] == case.responsible.username
    assert {d["rule"] for d in body["deadlines"]} >= {"assessment_completion"}
    assert [d["document_type"] for d in body["documents"]][-1] == "service_need_assessment"
    bad = api.post(
        f"/api/v1/cases/{case.pk}/appointments/",
        {"purpose": "holiday", "starts_at": "not a time", "mode": "phone"},
        format="json",
    )
    assert bad.status_code == 400 and {"purpose", "starts_at"} <= set(bad.json())
    booked = api.post(
        f"/api/v1/cases/{case.pk}/appointments/",
        {"purpose": "work", "starts_at": "2026-11-25T09:00:00+02:00", "mode": "phone"},
        format="json",
    )
    assert booked.status_code == 201, booked.json()
    appointment = booked.json()
    assert appointment["workers"] == [case.responsible.username]
    assert api.get(f"/api/v1/cases/{case.pk}/").json()["next_appointment"] is None
    outcome_url = f"/api/v1/appointments/{appointment['id']}/outcome/"
    kept = api.post(outcome_url, {"status": "kept", "revision": appointment["revision"]})
    assert kept.status_code == 200 and kept.json()["status"] == "kept"
    stale = api.post(outcome_url, {"status": "no_show", "revision": appointment["revision"]})
    assert stale.status_code == 409
    assert Appointment.objects.get().status == "kept"
    listed = api.get(f"/api/v1/cases/{case.pk}/appointments/").json()
    assert [a["id"] for a in listed] == [appointment["id"]]
    outsider = api_client_for(org.other_counsellor)
    assert outsider.get(f"/api/v1/cases/{case.pk}/").status_code == 403
    assert outsider.post(outcome_url, {"status": "cancelled_by_client"}).status_code == 403
    assert "case.appointment_kept" in activities(case)
    logged = AccessLogEntry.objects.filter(
        user=case.responsible, client_id=case.client_id, record_type="casework.case"
    )
    assert logged.count() >= 4


def test_the_front_page_and_my_cases_show_the_nearest_deadline(case, worker_http):
    record = started_assessment(case)
    rows = [r for r in worker_http.get("/").context["own_work"] if r.kind == "case"]
    assert [(r.obj.pk, r.due) for r in rows] == [(case.pk, record.completion_due)]
    mine = worker_http.get(reverse("casework:mine"))
    assert mine.status_code == 200
    assert f"{record.completion_due:%-d.%-m.%Y}" in mine.content.decode()
    assert 'href="/cases/mine/"' in mine.content.decode()  # in the bar for case workers


def test_the_county_renames_retires_and_adds_service_packages(case, login, org):
    """In the configuration view: the shipped packages keep their translated names until
    the county renames one; one out of use is no longer offered; the county's own package
    is offered beside them; none can be deleted, and another county's are not shown."""
    from porras.casework.models import ServicePackage

    shipped = {p.code: p for p in services.packages_for(org.county)}
    assert set(shipped) == {"guidance", "intensive", "rehabilitative", "employment"}
    theirs = services.packages_for(org.elsewhere.county)
    from django.contrib.auth.models import Group

    from porras.people.models import Role
    from porras.synth.factories import WorkerFactory

    county_admin = WorkerFactory(
        username="alueen.paakayttaja", role=Role.ADMIN, county=org.county, teams=[], is_staff=True
    )
    group = Group.objects.get(name="County administrators")  # made by `porras migrate`
    assert group.permissions.filter(codename="change_servicepackage").exists()
    group.user_set.add(county_admin)
    admin = login(county_admin)
    listing = admin.get("/admin/casework/servicepackage/").content.decode()
    assert all(f"/servicepackage/{p.pk}/change/" in listing for p in shipped.values())
    assert not any(f"/servicepackage/{p.pk}/change/" in listing for p in theirs)
    change = f"/admin/casework/servicepackage/{shipped['employment'].pk}/change/"
    form = {"county": org.county.pk, "code": "employment", "name": "", "description": ""}
    assert admin.post(change, {**form, "order": 4}).status_code == 302  # active unticked
    added = admin.post(
        "/admin/casework/servicepackage/add/",
        {**form, "code": "housing-first", "name": "Asunto ensin", "order": 5, "active": "on"},
    )
    assert added.status_code == 302
    offered = services.packages_for(org.county)
    assert [p.code for p in offered] == ["guidance", "intensive", "rehabilitative", "housing-first"]
    assert offered[-1].label == "Asunto ensin"
    assert ServicePackage.objects.get(code="housing-first").county == org.county
    delete = admin.post(f"/admin/casework/servicepackage/{shipped['guidance'].pk}/delete/")
    assert delete.status_code == 403
    plan_page = login(case.responsible).get(url("plan", case)).content.decode()
    assert "Asunto ensin" in plan_page and "Työllistymistä tukeva" not in plan_page

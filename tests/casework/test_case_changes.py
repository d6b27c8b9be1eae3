"""During the case: re-assessment, change of responsible worker, pair work, consultation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from porras.casework import services
from porras.casework.models import Case
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.models import Event
from porras.synth.factories import AbsenceFactory


def activities(case):
    return list(Event.objects.filter(case_id=case.pk).values_list("activity", flat=True))


def test_need_becomes_special_and_the_case_moves_to_a_social_worker(org, case, login):
    services.case_reassess(
        case=case,
        acting_user=org.counsellor2,
        special_difficulty=True,
        broad_need=True,
        reasons="Päihdeongelma paljastui",
    )
    case.refresh_from_db()
    assert case.quadrant == "D" and services.needs_reassignment(case)
    page = login(org.counsellor2).get(reverse("casework:case", kwargs={"case_id": case.pk}))
    assert "ei enää vastaa tuen tarvetta" in page.text
    with pytest.raises(DomainError):
        services.case_reassign(
            case=case, worker=org.social_worker, acting_user=org.counsellor, reason=""
        )
    moved = services.case_reassign(
        case=case,
        worker=org.social_worker,
        acting_user=org.counsellor,
        reason="Erityisen tuen tarve",
    )
    assert moved.responsible == org.social_worker and not services.needs_reassignment(moved)
    assert [a.worker for a in moved.assignments.all()] == [org.counsellor2, org.social_worker]
    assert "case.reassigned" in activities(case)
    # Access follows the responsibility.
    assert (
        login(org.social_worker)
        .get(reverse("clients:detail", kwargs={"client_id": case.client_id}))
        .status_code
        == 200
    )
    assert not case.client.relationships.filter(
        worker=org.counsellor2, kind="responsible", active=True
    ).exists()


def test_stale_reassignment_is_refused(org, case):
    services.case_reassign(
        case=case,
        worker=org.counsellor,
        acting_user=org.manager,
        reason="Työparin pyyntö",
        expected_version=case.version,
    )
    with pytest.raises(ConflictError):
        services.case_reassign(
            case=case,
            worker=org.counsellor2,
            acting_user=org.manager,
            reason="Vanha näkymä",
            expected_version=case.version,
        )


def test_manager_moves_an_absent_workers_cases(org, case, login, today):
    AbsenceFactory(worker=org.counsellor2, starts_on=today, ends_on=today + dt.timedelta(60))
    response = login(org.manager).post(
        reverse("casework:move_cases", kwargs={"worker_id": org.counsellor2.pk}),
        {"reason": "Pitkä poissaolo"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.responsible == org.counsellor
    assert case.assignments.last().reason == "Pitkä poissaolo"
    assert (
        login(org.counsellor)
        .post(
            reverse("casework:move_cases", kwargs={"worker_id": org.counsellor2.pk}),
            {"reason": "x"},
        )
        .status_code
        == 404
    )


def test_pair_work_and_consultation(org, case, login):
    client = login(org.counsellor2)
    url = reverse("casework:case_action", kwargs={"case_id": case.pk, "action": "co_worker"})
    assert (
        client.post(
            url, {"co_worker-worker": org.counsellor.pk, "co_worker-version": case.version}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.co_worker == org.counsellor
    ask = reverse("casework:case_action", kwargs={"case_id": case.pk, "action": "consult"})
    assert (
        client.post(
            ask,
            {
                "consult-consultant": org.social_worker2.pk,
                "consult-question": "Onko tämä erityisen tuen tarve?",
            },
        ).status_code
        == 302
    )
    consultation = case.consultations.get()
    # The consultant may now read the case, answers, and the access closes.
    consultant = login(org.social_worker2)
    page = consultant.get(reverse("casework:case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200 and "Onko tämä erityisen tuen tarve?" in page.text
    answer = reverse("casework:case_action", kwargs={"case_id": case.pk, "action": "answer"})
    for malformed in ("abc", "1.5", ""):  # a tampered form is a 404, never a server error
        assert (
            consultant.post(answer, {"consultation": malformed, "answer": "x"}).status_code == 404
        )
    assert (
        consultant.post(
            answer, {"consultation": consultation.pk, "answer": "Ei vielä: seuratkaa."}
        ).status_code
        == 302
    )
    consultation.refresh_from_db()
    assert consultation.answer == "Ei vielä: seuratkaa."
    assert consultant.get(reverse("casework:case", kwargs={"case_id": case.pk})).status_code == 403
    assert {"case.co_worker_set", "case.consultation_asked", "case.consultation_answered"} <= set(
        activities(case)
    )


def test_only_case_workers_ask_for_consultation(org, case):
    with pytest.raises(PermissionDenied, match="työntekijä"):
        services.consultation_ask(
            case=case, consultant=org.social_worker, question="?", acting_user=org.guidance
        )
    assert not Case.objects.get(pk=case.pk).consultations.exists()

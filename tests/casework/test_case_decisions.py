"""Service decisions in the case file, through its Decisions tab: made within the maker's
delegation (SHL § 46 for a special support need), due for implementation 3 months after
the matter became pending (SHL § 45), sent once, implemented once, printed in Finnish and
Swedish with the rectification instructions."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from porras.casework.models import Quadrant
from porras.decisions.models import Decision
from porras.eventlog.models import Event

pytestmark = pytest.mark.django_db


def url(name, case, **kwargs):
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk, **kwargs})


def decide(http, case, **overrides):
    form = http.get(url("decisions", case)).context["form"]
    data = {
        "once": form.initial["once"],
        "decision_type": "service",
        "outcome": "granted",
        "legal_bases": ["shl_45", "hl_45"],
        "reasoning": "Kuntouttava työtoiminta myönnetään asiakassuunnitelman mukaisesti.",
        "pending_since": "2026-11-24",
    }
    data.update(overrides)
    return http.post(url("decisions", case), data)


def test_a_service_decision_is_made_sent_and_implemented_in_the_case(case, login, org, today):
    # The counsellor responsible has no delegation for service decisions (the defaults):
    # refused, naming the rule; the social worker in public office of the pair decides.
    refused = decide(login(case.responsible), case)
    assert refused.status_code == 400 and "delegointi" in refused.text.lower()
    type(case).objects.filter(pk=case.pk).update(co_worker=org.social_worker)
    http = login(org.social_worker)
    page = http.get(url("decisions", case))
    assert page.status_code == 200 and page.context["form"].initial["pending_since"] == (
        dt.date(2026, 11, 24)
    )
    missing = decide(http, case, reasoning="", legal_bases=[])
    assert missing.status_code == 400
    assert "Perustelut" in missing.text or "perustelut" in missing.text
    assert not Decision.objects.exists()
    assert decide(http, case).status_code == 302
    decision = Decision.objects.get(case_id=case.pk)
    assert (decision.decision_type, decision.implementation_due) == (
        "service",
        dt.date(2027, 2, 24),
    )
    sent = http.post(
        url("decision_action", case, decision_id=decision.pk, action="notify"),
        {"way": "in_person", "sent_on": today.isoformat()},
    )
    assert sent.status_code == 302
    early = http.post(
        url("decision_action", case, decision_id=decision.pk, action="implemented"),
        {"implemented_on": "2026-11-01"},
    )
    assert early.status_code == 400
    done = http.post(
        url("decision_action", case, decision_id=decision.pk, action="implemented"),
        {"implemented_on": today.isoformat()},
    )
    assert done.status_code == 302
    decision.refresh_from_db()
    assert (decision.notified_on, decision.implemented_on) == (today, today)
    again = http.post(
        url("decision_action", case, decision_id=decision.pk, action="implemented"),
        {"implemented_on": today.isoformat()},
    )
    assert again.status_code == 409
    assert list(
        Event.objects.filter(case_id=case.pk, activity__startswith="decision.")
        .order_by("id")
        .values_list("activity", flat=True)
    ) == ["decision.made", "decision.notified", "decision.implemented"]
    for language, words in (("fi", "Oikaisuvaatimusohje"), ("sv", "omprövning")):
        letter = http.get(url("decision_pdf", case, decision_id=decision.pk, language=language))
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages)
        assert words in text


def test_a_special_support_case_is_decided_by_a_social_worker_in_public_office(case, login, org):
    type(case).objects.filter(pk=case.pk).update(quadrant=Quadrant.D)
    refused = decide(login(case.responsible), case)  # a counsellor
    assert refused.status_code == 400 and "46" in refused.text
    assert not Decision.objects.exists()
    case.refresh_from_db()
    type(case).objects.filter(pk=case.pk).update(co_worker=org.social_worker)
    assert decide(login(org.social_worker), case).status_code == 302
    assert Decision.objects.get().special_support_need


def test_only_the_case_workers_decide(case, login, org):
    outsider = login(org.other_social_worker)
    assert outsider.get(url("decisions", case)).status_code == 403

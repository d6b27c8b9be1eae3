"""The income support API as an integration calls it: read an application with its
calculation and decision, record a decision, fetch the letter; refused and logged like
the pages."""

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.decisions.models import Decision
from tests.benefits.test_benefits import VALID_IBAN, claimed_and_calculated, version_of

pytestmark = pytest.mark.django_db


def api_url(name, item):
    return reverse(name, kwargs={"item_id": item.pk})


def body(version, **overrides):
    data = {
        "outcome": "partly_granted",
        "legal_bases": ["tttl_7c", "hl_45"],
        "reasoning": "Lääkkeet hyväksytään, sähkölasku kohtuullisen kulutuksen mukaan.",
        "amount": "320.00",
        "payees": [
            {"kind": "client", "name": "Liisa Testinen", "iban": VALID_IBAN, "amount": "320.00"}
        ],
        "version": version,
    }
    data.update(overrides)
    return data


def test_an_integration_reads_decides_and_fetches_the_letter(
    org,
    login,
    apply,
    api_client_for,
):
    item = apply()
    claimed_and_calculated(login, org, item)
    api = api_client_for(org.benefit_handler)
    read = api.get(api_url("api-benefit-application", item))
    assert read.status_code == 200
    assert read.json()["result"]["total"] == "330.00"
    assert [line["assessment"] for line in read.json()["lines"]] == ["accepted", "partly", ""]
    assert AccessLogEntry.objects.filter(record_type="api.benefits.application").exists()

    stale = api.post(
        api_url("api-benefit-decision", item), body(version_of(item) - 1), format="json"
    )
    assert stale.status_code == 409
    no_reasons = api.post(
        api_url("api-benefit-decision", item), body(version_of(item), reasoning=""), format="json"
    )
    assert no_reasons.status_code == 400 and "reasoning" in no_reasons.json()
    too_much = api.post(
        api_url("api-benefit-decision", item),
        body(
            version_of(item),
            outcome="granted",
            amount="5000.00",
            payees=[{"kind": "client", "name": "L", "iban": VALID_IBAN, "amount": "5000.00"}],
        ),
        format="json",
    )
    assert too_much.status_code == 400 and "outcome" in too_much.json()
    assert not Decision.objects.exists()

    made = api.post(api_url("api-benefit-decision", item), body(version_of(item)), format="json")
    assert made.status_code == 201
    assert made.json()["decision"]["amount"] == "320.00"
    assert made.json()["payments"][0]["pay_on"] == "2026-11-26"
    letter = api.get(api_url("api-benefit-decision-pdf", item), {"language": "sv"})
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")


def test_a_worker_without_a_ground_is_refused_and_logged(
    org,
    apply,
    api_client_for,
):
    item = apply()
    response = api_client_for(org.counsellor).get(api_url("api-benefit-application", item))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        record_type="api.benefits.application", outcome="refused"
    ).exists()

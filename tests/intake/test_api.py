"""The intake REST API as an e-service or another authority's system calls it."""

import base64
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from porras.eventlog.models import Event
from porras.intake.models import Attachment, IntakeItem
from tests.core.test_deadlines import HAND_CHECKED

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def post(api, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post("/api/v1/intake/items/", body, format="json", **headers)


def test_receive_and_read_back(org, api_client_for, payload):
    api = api_client_for(org.guidance)
    response = post(api, payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["team"] == str(org.team.pk)
    assert body["status"] == "queued"
    assert body["pending_date"] == "2026-11-25"
    assert (body["due_date"], body["due_rule"]) == ("2026-12-02", "county_target")
    again = api.get(f"/api/v1/intake/items/{body['id']}/").json()
    for field in ("id", "status", "team", "client", "due_date", "due_rule"):
        assert again[field] == body[field]
    item = IntakeItem.objects.filter(county=org.county).get()
    assert {e.activity for e in Event.objects.filter(item_id=item.pk)} == {
        "client.registered",
        "intake.received",
    }


@pytest.mark.parametrize(
    ("overrides", "due", "rule"),
    [
        ({"kind": "application_supplementary"}, "2026-12-04", "income_support_decision"),
        ({"kind": "application_preventive", "urgent": True}, "2026-11-26", "income_support_urgent"),
        # Arrived on Christmas Eve evening: pending date 24.12., 7th working day 7.1.2027
        (
            {"kind": "application_supplementary", "received_at": "2026-12-24T19:00:00+02:00"},
            "2027-01-07",
            "income_support_decision",
        ),
        # 23:30 UTC on 24.12. is already 25.12. in Helsinki
        (
            {
                "kind": "application_preventive",
                "urgent": True,
                "received_at": "2026-12-24T23:30:00+00:00",
            },
            "2026-12-28",
            "income_support_urgent",
        ),
        ({"kind": "contact", "statutory_group": True}, "2026-12-04", "assessment_start_statutory"),
        (
            {"kind": "contact", "personal_discussion_requested": True},
            "2026-12-04",
            "personal_discussion",
        ),
        (
            {
                "kind": "notification",
                "urgent": True,
                "notifier": {"notifier_type": "police", "consent": "without"},
            },
            "2026-11-25",
            "county_target",
        ),
    ],
)
def test_due_dates_from_the_api(
    org, api_client_for, payload, overrides, due, rule, frozen_clock, monkeypatch
):
    from porras.core import clock

    monkeypatch.setattr(clock, "_fixed", dt.datetime(2027, 1, 2, 12, tzinfo=dt.UTC))
    body = post(api_client_for(org.guidance), payload(**overrides)).json()
    assert (body["due_date"], body["due_rule"]) == (due, rule)


# How each rule is asked for through the API (income_support_completed and
# urgent_help follow from later steps: see test_guidance).
RULE_INPUT = {
    "income_support_decision": {"kind": "application_supplementary"},
    "income_support_urgent": {"kind": "application_preventive", "urgent": True},
    "personal_discussion": {"kind": "contact", "personal_discussion_requested": True},
    "assessment_start_statutory": {"kind": "contact", "statutory_group": True},
}


@pytest.mark.parametrize(
    ("rule", "start", "due"), [case for case in HAND_CHECKED if case[0] in RULE_INPUT]
)
def test_api_due_dates_match_the_hand_checked_calendar(
    org, api_client_for, payload, monkeypatch, rule, start, due
):
    from porras.core import clock

    received = dt.datetime.combine(start, dt.time(14, 0), tzinfo=ZoneInfo("Europe/Helsinki"))
    monkeypatch.setattr(clock, "_fixed", received + dt.timedelta(hours=1))
    body = post(
        api_client_for(org.guidance), payload(received_at=received.isoformat(), **RULE_INPUT[rule])
    ).json()
    assert (body["due_rule"], body["due_date"]) == (rule, due.isoformat())


def test_same_idempotency_key_gives_the_same_item(org, api_client_for, payload):
    api = api_client_for(org.guidance)
    first = post(api, payload(), key="es-2026-0001")
    second = post(api, payload(), key="es-2026-0001")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert IntakeItem.objects.filter(county=org.county).count() == 1
    third = post(api, payload(), key="es-2026-0002")
    assert third.status_code == 201 and IntakeItem.objects.filter(county=org.county).count() == 2


def test_unidentified_person_and_explicit_team(org, api_client_for, payload):
    response = post(
        api_client_for(org.guidance),
        payload(
            kind="notification",
            team=str(org.other_team.pk),
            client={"unidentified_description": "Mies noin 40 v linja-autoasemalla"},
            notifier={
                "notifier_type": "police",
                "notifier_name": "Itä-Suomen poliisi",
                "consent": "without",
            },
        ),
    )
    assert response.status_code == 201
    assert response.json()["team"] == str(org.other_team.pk)


@pytest.mark.parametrize(
    ("body_change", "field", "words"),
    [
        (
            {"client": {"hetu": "131052-308U", "first_name": "A", "last_name": "B"}},
            "client",
            "Tarkistusmerkki U ei täsmää",
        ),
        (
            {"client": {"hetu": "310252-308T", "first_name": "A", "last_name": "B"}},
            "client",
            "ei ole oikea päivämäärä",
        ),
        ({"received_at": "2026-11-26T12:00:00+02:00"}, "received_at", "tulevaisuudessa"),
        ({"received_at": "2026-02-30T12:00:00+02:00"}, "received_at", ""),
        ({"received_at": "2026-11-25T08:00:00"}, "received_at", "UTC-poikkeamineen"),
        ({"kind": "complaint"}, "kind", ""),
        ({"kind": "notification"}, "notifier_type", "ilmoittajan organisaatio"),
        ({"client": {}}, "client", "Anna henkilötunnus"),
        ({"client": {"hetu": "010101A123N"}}, "last_name", "anna asiakkaan etu- ja sukunimi"),
        ({"description": ""}, "description", ""),
        ({"team": "00000000-0000-4000-8000-000000000000"}, "team", "Tiimiä ei ole"),
    ],
)
def test_bad_input_is_400_with_finnish_field_messages(
    org, api_client_for, payload, body_change, field, words
):
    response = post(api_client_for(org.guidance), payload(**body_change))
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert words in str(body[field])
    assert not IntakeItem.objects.filter(county=org.county).exists()


def test_malformed_json_is_400(org, api_client_for):
    response = api_client_for(org.guidance).post(
        "/api/v1/intake/items/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_attachments_are_sniffed(org, api_client_for, payload):
    api = api_client_for(org.guidance)
    good = post(
        api,
        payload(
            attachments=[
                {"name": "hakemus.pdf", "content_base64": base64.b64encode(PDF).decode()},
                {"name": "kuitti.png", "content_base64": base64.b64encode(PNG).decode()},
            ]
        ),
    )
    assert good.status_code == 201 and good.json()["attachments"] == 2
    stored = Attachment.objects.order_by("id")
    assert [a.content_type for a in stored] == ["application/pdf", "image/png"]
    assert all(not a.file.name.endswith((".pdf", ".png")) for a in stored)
    disguised = post(
        api,
        payload(
            attachments=[{"name": "hakemus.pdf", "content_base64": base64.b64encode(PNG).decode()}]
        ),
    )
    assert disguised.status_code == 400
    assert "ei ole sitä, mitä sen nimi kertoo" in str(disguised.json())
    script = post(
        api,
        payload(
            attachments=[
                {"name": "hakemus.pdf", "content_base64": base64.b64encode(b"#!/bin/sh").decode()}
            ]
        ),
    )
    assert script.status_code == 400
    assert "ei ole PDF-, JPEG- tai PNG-tiedosto" in str(script.json())
    broken = post(api, payload(attachments=[{"name": "a.pdf", "content_base64": "%%%"}]))
    assert broken.status_code == 400
    assert IntakeItem.objects.filter(county=org.county).count() == 1


def test_oversized_attachment(org, api_client_for, payload, settings):
    settings.PORRAS_MAX_ATTACHMENT_BYTES = 100
    big = PDF + b"x" * 200
    response = post(
        api_client_for(org.guidance),
        payload(
            attachments=[{"name": "iso.pdf", "content_base64": base64.b64encode(big).decode()}]
        ),
    )
    assert response.status_code == 400
    assert "liian suuri" in str(response.json())


def test_multipart_attachment_upload(org, api_client_for, payload):
    api = api_client_for(org.guidance)
    item_id = post(api, payload()).json()["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(
        f"/api/v1/intake/items/{item_id}/attachments/",
        {"file": SimpleUploadedFile("liite.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20)},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["attachments"] == 1


def test_claim_gives_200_then_409(org, api_client_for, payload):
    item_id = post(api_client_for(org.guidance), payload()).json()["id"]
    first = api_client_for(org.guidance).post(f"/api/v1/intake/items/{item_id}/claim/")
    second = api_client_for(org.counsellor).post(f"/api/v1/intake/items/{item_id}/claim/")
    assert first.status_code == 200 and first.json()["claimed_by"] == org.guidance.username
    assert second.status_code == 409
    assert "otti jo tämän asian" in second.json()["detail"]


def test_other_team_cannot_read_or_claim(org, api_client_for, payload):
    item_id = post(api_client_for(org.guidance), payload()).json()["id"]
    outsider = api_client_for(org.other_counsellor)
    assert outsider.get(f"/api/v1/intake/items/{item_id}/").status_code == 403
    assert outsider.post(f"/api/v1/intake/items/{item_id}/claim/").status_code == 403


def test_schema_documents_intake(org, login):
    text = login(org.guidance).get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/intake/items/",
        "/api/v1/intake/items/{item_id}/claim/",
        "Idempotency-Key",
    ):
        assert path in text

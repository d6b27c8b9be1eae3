import io

from django.core.management import call_command
from rest_framework.test import APIClient


def test_apitoken_prints_the_same_token_until_rotated(org):
    first, second, rotated = io.StringIO(), io.StringIO(), io.StringIO()
    call_command("apitoken", org.counsellor.username, stdout=first)
    call_command("apitoken", org.counsellor.username, stdout=second)
    call_command("apitoken", org.counsellor.username, "--rotate", stdout=rotated)
    assert first.getvalue() == second.getvalue() != rotated.getvalue()
    assert len(first.getvalue().strip()) == 40


def test_without_token_the_api_says_401_or_403(db):
    response = APIClient().get("/api/v1/teams/")
    assert response.status_code in (401, 403)


def test_teams(org, api_client_for):
    body = api_client_for(org.counsellor).get("/api/v1/teams/").json()
    assert {team["name"] for team in body} == {"Kuopion tiimi", "Varkauden tiimi"}
    team = next(t for t in body if t["name"] == "Kuopion tiimi")
    assert team["id"] == str(org.team.pk)
    assert len(team["municipalities"]) == 1 and team["municipalities"][0]["code"]


def test_client(org, api_client_for, kuopio_client):
    body = api_client_for(org.counsellor).get(f"/api/v1/clients/{kuopio_client.pk}/").json()
    assert body["id"] == str(kuopio_client.pk)
    assert body["hetu"] == kuopio_client.hetu
    assert body["access_purpose"] == "responsible"


def test_access_log_for_the_officer_only(org, api_client_for, kuopio_client):
    api_client_for(org.counsellor).get(f"/api/v1/clients/{kuopio_client.pk}/")
    api_client_for(org.other_counsellor).get(f"/api/v1/clients/{kuopio_client.pk}/")
    url = f"/api/v1/audit/access-log/?client={kuopio_client.pk}"
    assert api_client_for(org.counsellor).get(url).status_code == 403
    entries = api_client_for(org.data_protection).get(url).json()
    assert [(e["user"], e["outcome"], e["purpose"]) for e in entries] == [
        (org.counsellor.username, "granted", "responsible"),
        (org.other_counsellor.username, "refused", "none"),
    ]
    assert all(e["at"] for e in entries)
    bad = api_client_for(org.data_protection).get("/api/v1/audit/access-log/?client=nope")
    assert bad.status_code == 400


def test_openapi_schema_and_docs(org, login):
    client = login(org.counsellor)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/clients/{client_id}/", "/api/v1/teams/", "/api/v1/audit/access-log/"):
        assert path in text
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()

import datetime as dt

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from porras.people.models import ApiToken


def with_token(secret):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def test_apitoken_prints_a_new_token_stored_only_as_a_hash(org, api_token_for):
    first, second = api_token_for(org.counsellor), api_token_for(org.counsellor)
    assert first != second and first.startswith("porras_") and len(first) > 60
    assert with_token(first).get("/api/v1/teams/").status_code == 200
    # Nothing in the database holds the secret (only a SHA-512 digest and a short prefix).
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert first not in stored and first[15:] not in stored
    token = ApiToken.objects.get(token_key=first[:15])
    assert token.name == org.counsellor.username and token.expiry > timezone.now()
    assert token.last_used_at is not None


def test_expired_and_revoked_tokens_are_refused(org, api_token_for):
    expired, revoked = api_token_for(org.counsellor), api_token_for(org.counsellor)
    ApiToken.objects.filter(token_key=expired[:15]).update(
        expiry=timezone.now() - dt.timedelta(minutes=1)
    )
    assert with_token(expired).get("/api/v1/teams/").status_code == 401
    ApiToken.objects.filter(token_key=revoked[:15]).delete()
    assert with_token(revoked).get("/api/v1/teams/").status_code == 401


def test_a_worker_creates_lists_and_revokes_their_own_tokens(org, login):
    browser = login(org.counsellor)
    created = browser.post(
        reverse("people:api_tokens"), {"name": "Sähköinen asiointi, testi", "days": 30}
    )
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = created.context["secret"]
    assert secret in created.text
    assert with_token(secret).get("/api/v1/teams/").status_code == 200
    listing = browser.get(reverse("people:api_tokens"))
    assert "Sähköinen asiointi, testi" in listing.text and secret not in listing.text
    token = ApiToken.objects.get(user=org.counsellor)
    assert (token.expiry - timezone.now()).days in (29, 30)
    # Nobody else can revoke it, and an overlong validity is refused.
    other = login(org.counsellor2)
    assert (
        other.post(reverse("people:api_token_revoke"), {"token": token.digest}).status_code == 404
    )
    too_long = other.post(reverse("people:api_tokens"), {"name": "x", "days": 5000})
    assert too_long.status_code == 400 and not ApiToken.objects.filter(user=org.counsellor2)
    login(org.counsellor).post(reverse("people:api_token_revoke"), {"token": token.digest})
    assert not ApiToken.objects.exists()
    assert with_token(secret).get("/api/v1/teams/").status_code == 401


def test_the_admin_never_shows_a_token(org, login, api_token_for):
    secret = api_token_for(org.counsellor)
    page = login(org.admin).get("/admin/people/apitoken/")
    assert page.status_code == 200 and org.counsellor.username in page.text
    assert secret not in page.text and secret[:15] not in page.text


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
    for path in (
        "/api/v1/clients/{client_id}/",
        "/api/v1/teams/",
        "/api/v1/audit/access-log/",
        "/api/v1/cases/{case_id}/",
        "/api/v1/cases/{case_id}/appointments/",
        "/api/v1/appointments/{appointment_id}/outcome/",
    ):
        assert path in text
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()

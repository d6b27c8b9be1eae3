"""Brute force is slowed: sign-in locks out, the API throttles per token."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from porras.synth.factories import DEMO_PASSWORD


def sign_in(client, username, password, address="10.1.2.3"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(org, client):
    for _ in range(4):
        refused = sign_in(client, org.counsellor.username, "väärin")
        assert refused.status_code == 200 and "väärin" in refused.text
    assert sign_in(client, org.counsellor.username, "väärin").status_code == 429  # the 5th
    locked = sign_in(client, org.counsellor.username, DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "Kirjautuminen on lukittu" in locked.text and "15 minuutin" in locked.text
    assert "_auth_user_id" not in client.session
    # Another account, and the same account from another address, are not affected.
    assert sign_in(client, org.guidance.username, DEMO_PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, org.counsellor.username, DEMO_PASSWORD, "10.9.9.9").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(org, client):
    for _ in range(4):
        sign_in(client, org.counsellor.username, "väärin")
    assert sign_in(client, org.counsellor.username, DEMO_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, org.counsellor.username, "väärin")
    assert sign_in(client, org.counsellor.username, DEMO_PASSWORD).status_code == 302


def test_the_api_is_throttled_per_token(org, api_token_for, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    first, second = APIClient(), APIClient()
    first.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(org.counsellor)}")
    second.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(org.guidance)}")
    statuses = [first.get("/api/v1/teams/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "detail" in first.get("/api/v1/teams/").json()
    assert second.get("/api/v1/teams/").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_api_schema_and_its_docs_need_a_sign_in(db, client, path):
    assert client.get(path).status_code in (401, 403)

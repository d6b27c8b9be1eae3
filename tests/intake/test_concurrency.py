"""Simultaneous requests on PostgreSQL: one item per idempotency key, one winner per claim."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from porras.eventlog.models import Event
from porras.intake.models import IntakeItem
from porras.people.models import Role
from porras.synth.factories import WorkerFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 20


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite serialises all writes)")


def run_together(call):
    """Start `call` in THREADS threads at the same moment; return their results."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def worker(n):
        try:
            barrier.wait()
            results[n] = call(n)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def token_client(token):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def test_twenty_posts_with_one_key_create_one_item(org, api_token_for, payload):
    token = api_token_for(org.guidance)
    body = payload()

    def post(_n):
        response = token_client(token).post(
            "/api/v1/intake/items/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-key-20"
        )
        return response.status_code, str(response.json().get("id", response.json()))

    results = run_together(post)
    assert IntakeItem.objects.filter(county=org.county).count() == 1
    assert {item_id for _status, item_id in results} == {
        str(IntakeItem.objects.filter(county=org.county).get().pk)
    }
    assert sorted(status for status, _id in results).count(201) == 1


def test_twenty_claims_of_one_item_give_exactly_one_200(
    org, api_client_for, api_token_for, payload
):
    item_id = (
        api_client_for(org.guidance)
        .post("/api/v1/intake/items/", payload(), format="json")
        .json()["id"]
    )
    workers = [
        WorkerFactory(
            username=f"palveluohjaaja-{n}", role=Role.GUIDANCE, county=org.county, teams=[org.team]
        )
        for n in range(THREADS)
    ]
    tokens = [api_token_for(worker) for worker in workers]

    def claim(n):
        return token_client(tokens[n]).post(f"/api/v1/intake/items/{item_id}/claim/").status_code

    statuses = run_together(claim)
    assert statuses.count(200) == 1
    assert statuses.count(409) == THREADS - 1
    assert Event.objects.filter(item_id=item_id, activity="intake.claimed").count() == 1

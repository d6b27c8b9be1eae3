import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from porras.casework import services
from porras.casework.models import Case
from porras.intake import services as intake_services
from tests.intake.conftest import helsinki


@pytest.fixture
def assessed_item(org, kuopio, duty):
    item, _ = intake_services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, 24, 9, 0),
        description="Tarvitsee tukea",
        client=intake_services.ClientRef(
            hetu="131052-308T",
            first_name="Liisa",
            last_name="Testinen",
            details={"municipality": kuopio},
        ),
    )
    intake_services.item_claim(item=item, acting_user=org.guidance)
    intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="urgent")
    item = intake_services.item_forward(item=item, acting_user=org.guidance)
    services.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=False,
        broad_need=True,
        reasons="Talous ja asuminen",
    )
    return item


def test_board_recommendation_assign_and_case(org, api_client_for, assessed_item):
    api = api_client_for(org.counsellor)
    board = api.get(f"/api/v1/distribution/teams/{org.team.pk}/board/").json()
    assert [row["id"] for row in board] == [str(assessed_item.pk)]
    assert board[0]["quadrant"] == "B"
    recommended = api.get(f"/api/v1/distribution/items/{assessed_item.pk}/recommendation/").json()
    assert recommended["role"] == "counsellor" and recommended["worker"]
    created = api.post(
        f"/api/v1/distribution/items/{assessed_item.pk}/assign/",
        {"worker": recommended["worker"]},
        format="json",
    )
    assert created.status_code == 201
    case = created.json()
    assert (case["responsible"], case["quadrant"]) == (recommended["worker"], "B")
    again = api.post(
        f"/api/v1/distribution/items/{assessed_item.pk}/assign/",
        {"worker": recommended["worker"]},
        format="json",
    )
    assert again.status_code == 409
    read = api_client_for(org.manager).get(f"/api/v1/cases/{case['id']}/").json()
    assert read["responsible"] == recommended["worker"]
    assert (
        api_client_for(org.other_counsellor).get(f"/api/v1/cases/{case['id']}/").status_code == 403
    )


def test_only_the_pair_uses_the_board_api(org, api_client_for, assessed_item):
    assert (
        api_client_for(org.counsellor2)
        .get(f"/api/v1/distribution/teams/{org.team.pk}/board/")
        .status_code
        == 403
    )
    bad = api_client_for(org.counsellor).post(
        f"/api/v1/distribution/items/{assessed_item.pk}/assign/",
        {"worker": "nobody"},
        format="json",
    )
    assert bad.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_pair_members_assigning_at_once_one_wins(org, api_token_for, assessed_item):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite serialises all writes)")
    tokens = [api_token_for(worker) for worker in (org.social_worker, org.counsellor)]
    recommended = services.selectors.recommend(org.team, "B").worker
    barrier = threading.Barrier(10)
    results = [None] * 10

    def assign(n):
        try:
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Token {tokens[n % 2]}")
            barrier.wait()
            results[n] = api.post(
                f"/api/v1/distribution/items/{assessed_item.pk}/assign/",
                {"worker": recommended.username},
                format="json",
            ).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results, key=str) == [201] + [409] * 9
    assert Case.objects.count() == 1


def test_the_whole_distribution_runs_through_the_api(org, api_client_for, assessed_item):
    """An integration re-assesses (D: special difficulty, broad need), reads the
    recommendation and assigns; a non-pair worker and bad input are refused."""
    api = api_client_for(org.counsellor)
    url = f"/api/v1/distribution/items/{assessed_item.pk}/assessment/"
    bad = api.post(url, {"special_difficulty": "maybe", "reasons": ""}, format="json")
    assert bad.status_code == 400 and {"special_difficulty", "broad_need", "reasons"} <= set(
        bad.json()
    )
    outsider = api_client_for(org.counsellor2).post(
        url, {"special_difficulty": True, "broad_need": True, "reasons": "x"}, format="json"
    )
    assert outsider.status_code == 403
    assessed = api.post(
        url,
        {"special_difficulty": True, "broad_need": True, "reasons": "Päihteet ja asunnottomuus"},
        format="json",
    )
    assert assessed.status_code == 201, assessed.json()
    body = assessed.json()
    assert body["quadrant"] == "D"
    recommendation = body["recommendation"]
    assert (recommendation["role"], recommendation["requires_public_office"]) == (
        "social_worker",
        True,
    )
    assert recommendation["facts"]["role"] == "social_worker"
    assert recommendation["worker"] in (org.social_worker.username, org.social_worker2.username)
    assigned = api.post(
        f"/api/v1/distribution/items/{assessed_item.pk}/assign/",
        {"worker": recommendation["worker"]},
        format="json",
    )
    assert assigned.status_code == 201
    assert Case.objects.get(pk=assigned.json()["id"]).quadrant == "D"

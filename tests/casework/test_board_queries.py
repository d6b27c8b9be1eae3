"""The distribution board, its API and the guidance queue cost a number of queries that
does not depend on how many matters wait: a county's board must stay quick on a Monday
morning."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from porras.casework import services
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem
from porras.synth.factories import AbsenceFactory
from tests.benefits.test_benefits import hetu
from tests.intake.conftest import helsinki

QUADRANTS = [(False, False), (False, True), (True, False), (True, True)]


@pytest.fixture
def duty(duty, org, today):
    """The duty pair, and a counsellor absent today (the recommendation reads absences)."""
    AbsenceFactory(worker=org.counsellor2, starts_on=today, ends_on=today)
    return duty


def matters(org, kuopio, first: int, count: int, *, forward=True, assess=True, quadrants=None):
    """Matters received, forwarded and assessed (in turn through `quadrants`); returned."""
    quadrants = quadrants or QUADRANTS
    made = []
    for n in range(first, first + count):
        item, _ = intake_services.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind="contact",
            channel="phone",
            received_at=helsinki(2026, 11, 24, 9, n % 50),
            description=f"Asia {n}",
            client=intake_services.ClientRef(
                hetu=hetu(n),
                first_name="Testi",
                last_name=f"Henkilö{n}",
                details={"municipality": kuopio},
            ),
        )
        if not forward:
            made.append(item)
            continue
        intake_services.item_claim(item=item, acting_user=org.guidance)
        intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="not_urgent")
        item = intake_services.item_forward(item=item, acting_user=org.guidance)
        made.append(item)
        if assess:
            special, broad = quadrants[n % len(quadrants)]
            services.support_need_assess(
                item=item,
                acting_user=org.counsellor,
                special_difficulty=special,
                broad_need=broad,
                reasons="Arki",
            )
    return made


def queries(browser, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_the_board_and_its_api_cost_the_same_for_4_or_24_assessed_matters(org, kuopio, duty, login):
    board_api = f"/api/v1/distribution/teams/{org.team.pk}/board/"
    matters(org, kuopio, 1, 4)
    browser = login(org.counsellor)
    few = queries(browser, "/distribution/"), queries(browser, board_api)
    matters(org, kuopio, 5, 20)
    many = queries(browser, "/distribution/"), queries(browser, board_api)
    assert many == few
    page = browser.get("/distribution/").content.decode()
    assert "24 asiaa odottaa jakelua" in page
    assert page.count('class="card board-item') == 24
    assert len(browser.get(board_api).json()) == 24


def test_the_board_api_is_paged_with_links(org, kuopio, duty, login):
    board_api = f"/api/v1/distribution/teams/{org.team.pk}/board/"
    matters(org, kuopio, 1, 7)
    browser = login(org.counsellor)
    first = browser.get(board_api, {"page_size": 3})
    assert [len(first.json()), first["X-Total-Count"]] == [3, "7"]
    assert first["Link"].endswith('?page_size=3&page=2>; rel="next"')
    last = browser.get(board_api, {"page_size": 3, "page": 3})
    assert len(last.json()) == 1 and 'rel="prev"' in last["Link"] and "next" not in last["Link"]
    seen = [
        row["id"]
        for n in (1, 2, 3)
        for row in browser.get(board_api, {"page_size": 3, "page": n}).json()
    ]
    assert len(set(seen)) == 7  # every matter once, in the board's order
    # A malformed page or size gives the nearest page, never an error.
    assert browser.get(board_api, {"page": "x", "page_size": "y"}).status_code == 200


def test_a_long_board_is_paged_and_a_wrong_form_opens_on_its_page(org, kuopio, duty, login):
    matters(org, kuopio, 1, 30)
    browser = login(org.counsellor)
    first = browser.get("/distribution/").content.decode()
    assert first.count('class="card board-item') == 25 and "Sivu 1 / 2" in first
    second = browser.get("/distribution/", {"page": 2}).content.decode()
    assert second.count('class="card board-item') == 5
    # A wrong answer on the second page's matter opens the board on that page.
    last = IntakeItem.objects.filter(status="forwarded").order_by("-received_at", "pk").first()
    prefix = f"i{last.pk.hex[:12]}"
    wrong = browser.post(f"/distribution/items/{last.pk}/assign/", {f"{prefix}s-worker": ""})
    assert wrong.status_code == 400
    assert f'id="{prefix}"' in wrong.content.decode() and "Sivu 2 / 2" in wrong.content.decode()


def test_the_guidance_queue_costs_the_same_for_5_or_40_matters(org, kuopio, login):
    matters(org, kuopio, 1, 5, forward=False)
    browser = login(org.guidance)
    few = queries(browser, "/intake/")
    matters(org, kuopio, 6, 35, forward=False)
    assert queries(browser, "/intake/") == few

"""The handbook held against what happened, the deadlines board and before-and-after,
driven through their pages with a case made through the services."""

import datetime as dt
import re

from porras.core import clock
from porras.insight.conformance import Model, deviations_of
from porras.intake.models import IntakeItem


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_kind_of_departure_is_named():
    model = Model(
        elements={"T1": "a", "T2": "b", "T3": "c", "T4": "d"},
        follows={"a": {"b"}, "b": {"c"}, "c": set(), "d": set()},
        starts={"a"},
        reaches={"a": {"b", "c"}, "b": {"c"}, "c": set(), "d": set()},
    )
    assert deviations_of(["a", "b", "c"], model) == []
    assert deviations_of(["a", "c"], model) == [("skipped", "a", "c")]
    assert deviations_of(["a", "b", "b", "c"], model) == [("repeated", "b", "b")]
    assert deviations_of(["a", "c", "b"], model) == [
        ("skipped", "a", "c"),
        ("out_of_order", "c", "b"),
    ]
    assert deviations_of(["a", "d"], model) == [("unexpected", "a", "d")]
    assert deviations_of(["b", "c"], model) == [("skipped", None, "b")]
    assert deviations_of(["d"], model) == [("unexpected", None, "d")]


def test_the_case_is_held_against_service_guidance_in_the_handbook(
    org, login, case, seeded, keepers, this_monday
):
    process = seeded["Palveluohjaus: vireilletulo ja ensikontakti"]
    item = IntakeItem.objects.get(cases=case)
    answer = login(keepers.owner).get(
        "/insight/conformance/", {"process": process.pk, "since": this_monday.isoformat()}
    )
    assert answer.status_code == 200
    page = text_of(answer)
    # Received → taken → urgency assessed → forwarded: the handbook has contact attempts,
    # motivation, guidance and a completion request in between.
    assert "Asiat, joilla oli prosessin vaiheita 1" in page
    assert "Kulki kuvatussa järjestyksessä 0 % (0)" in page
    assert "Vaiheita ohitettiin Otettu käsittelyyn jonosta Kiireellisyys arvioitu 1" in page
    assert f'href="/intake/items/{item.pk}/"' in answer.content.decode()
    assert 'data-overlays="diagram-waits"' in answer.content.decode()
    # A process without activity codes is not offered; an unknown one is refused.
    wrong = login(keepers.owner).get("/insight/conformance/", {"process": org.team.pk})
    assert "Valitse julkaistu prosessi luettelosta." in text_of(wrong)


def test_the_deadlines_board_counts_overdue_today_and_this_week(org, login, case, today):
    from porras.intake import services as intake_services
    from tests.intake.conftest import helsinki

    def receive(description):
        item, _ = intake_services.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind="contact",
            channel="phone",
            received_at=helsinki(2026, 11, 20, 9, 0),
            description=description,
            client=intake_services.ClientRef(unidentified_description=f"Soittaja: {description}"),
        )
        return item

    late, due_now, friday = receive("myöhässä"), receive("tänään"), receive("perjantaina")
    intake_services.item_claim(item=friday, acting_user=org.guidance)
    IntakeItem.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    IntakeItem.objects.filter(pk=due_now.pk).update(due_date=today)
    sunday = clock.week_start(today) + dt.timedelta(days=6)
    IntakeItem.objects.filter(pk=friday.pk).update(due_date=sunday - dt.timedelta(days=2))
    IntakeItem.objects.filter(pk=case.origin_items.get().pk).update(due_date=today)  # done

    page = text_of(login(org.manager).get("/insight/deadlines/"))
    assert "Myöhässä 1 Erääntyy tänään 1" in page
    assert "Jonossa, ottamatta 1 1 0" in page
    assert f"{org.guidance} 0 0 1" in page
    elsewhere = text_of(login(org.other_manager).get("/insight/deadlines/"))
    assert "Myöhässä 0 Erääntyy tänään 0" in elsewhere


def test_before_and_after_puts_two_periods_side_by_side(org, login, case, this_monday):
    before = (this_monday - dt.timedelta(days=7)).isoformat()
    answer = login(org.manager).get(
        "/insight/compare/",
        {
            "since": this_monday.isoformat(),
            "before_since": before,
            "before_until": (this_monday - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert answer.status_code == 200
    page = text_of(answer)
    assert "Asiakasasiakkuuksia avattu 0 1" in page or "Asiakkuuksia avattu 0 1" in page
    assert "Asiat 0 1" in page
    reversed_ = login(org.manager).get(
        "/insight/compare/", {"before_since": "2026-10-10", "before_until": "2026-10-01"}
    )
    assert "Jakson loppu on ennen sen alkua." in text_of(reversed_)


def test_the_figures_pages_cost_the_same_however_many_matters(
    org, kuopio, login, case, seeded, keepers
):
    """Every figures page and the flow API answer in a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.casework.test_board_queries import matters

    process = seeded["Palveluohjaus: vireilletulo ja ensikontakti"]
    pages = [
        "/insight/",
        "/insight/deadlines/",
        "/insight/roles/",
        "/insight/flow/",
        "/insight/compare/",
        f"/insight/conformance/?process={process.pk}&team={org.team.pk}",
        "/insight/weekly.xlsx",
        "/api/v1/insight/flow/",
    ]

    def costs() -> list[int]:
        browser = login(org.manager)
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert browser.get(page).status_code == 200, page
            found.append(len(captured))
        return found

    few = costs()
    matters(org, kuopio, 1, 12)
    matters(org, kuopio, 20, 6, forward=False)
    assert costs() == few

"""The work activity lists cost a number of queries that does not depend on how many
participants they show, and are paged: an organiser with a hundred participants, a
counsellor with thirty."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from porras.activation import services
from porras.casework import services as casework
from tests.activation.conftest import make_activation, plan_input
from tests.casework.test_board_queries import matters


def participants(org, kuopio, place, first: int, count: int, organiser_staff):
    """Cases of counsellor2 with a period of work activity at `place` and a day recorded."""
    for n, item in enumerate(
        matters(org, kuopio, first, count, quadrants=[(False, True)]), start=first
    ):
        case = casework.case_assign(
            item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Tuttu"
        )
        make_activation(case, org)
        plan = services.work_plan_make(
            case=case, data=plan_input(place), acting_user=org.counsellor2
        )
        services.attendance_record(
            plan=plan,
            days=[
                services.DayInput(
                    dt.date(2026, 11, 23),
                    n % 3 != 0,
                    hours=6,
                    absence_reason="" if n % 3 else "illness",
                )
            ],
            acting_user=organiser_staff,
        )


def queries(browser, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("organiser", "/activation/participants/"),
        ("organiser", "/api/v1/activation/participants/"),
        ("counsellor", "/activation/"),
        ("counsellor", "/activation/allowances/?month=2026-11"),
        ("counsellor", "/"),
    ],
)
def test_the_lists_cost_the_same_for_2_or_8_participants(
    who, url, org, kuopio, duty, place, organiser_staff, login
):
    browser = login(organiser_staff if who == "organiser" else org.counsellor2)
    participants(org, kuopio, place, 1, 2, organiser_staff)
    few = queries(browser, url)
    participants(org, kuopio, place, 3, 6, organiser_staff)
    assert queries(browser, url) == few
    assert "Henkilö8" in browser.get(url).content.decode() or url == "/"


def test_the_organisers_participants_are_paged(org, kuopio, duty, place, organiser_staff, login):
    from porras.activation import views

    views.PAGE, saved = 3, views.PAGE
    try:
        participants(org, kuopio, place, 1, 5, organiser_staff)
        browser = login(organiser_staff)
        first = browser.get("/activation/participants/").content.decode()
        second = browser.get("/activation/participants/", {"page": 2}).content.decode()
    finally:
        views.PAGE = saved
    assert first.count("Henkilö") == 3 and "Sivu 1 / 2" in first
    assert second.count("Henkilö") == 2
    api = login(organiser_staff).get("/api/v1/activation/participants/", {"page_size": 2})
    assert len(api.json()) == 2 and api["X-Total-Count"] == "5"

"""The figures' filters refuse wrong input in Finnish and keep what was typed; a team's
worker sees only their own teams, a county-wide role the county; an empty period gives
zeros; the weekly table counts the steps of a case made here through the services."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from porras.people.models import Role
from porras.synth.factories import WorkerFactory

FLOW = "/api/v1/insight/flow/"


def weekly_csv(browser, **query) -> dict:
    answer = browser.get("/insight/weekly.csv", query)
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    return {row[0]: row[3:] for row in rows[1:]} | {"weeks": rows[0][3:]}


def test_reversed_period_is_refused_in_finnish_and_the_input_kept(org, login):
    browser = login(org.manager)
    answer = browser.get(FLOW, {"since": "2026-11-20", "until": "2026-11-01"})
    assert answer.status_code == 400
    assert answer.json() == {"until": ["Jakson loppu on ennen sen alkua."]}
    page = browser.get("/insight/", {"since": "2026-11-20", "until": "2026-11-01"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jakson loppu on ennen sen alkua." in html
    assert 'value="2026-11-20"' in html and 'value="2026-11-01"' in html
    assert "weekly-caption" not in html  # no figures for a wrong period
    garbled = browser.get(FLOW, {"since": "eilen"})
    assert garbled.status_code == 400 and "since" in garbled.json()
    assert browser.get("/insight/weekly.csv", {"until": "2026-13-01"}).status_code == 400


def test_a_team_worker_sees_their_own_team_only(org, login, api_client_for):
    browser = login(org.counsellor)
    for team in (org.other_team, org.elsewhere.team):
        answer = browser.get(FLOW, {"team": team.pk})
        assert answer.status_code == 400
        assert answer.json() == {"team": ["Et näe tämän tiimin lukuja."]}
    assert browser.get(FLOW, {"team": "ei-tiimi"}).status_code == 400
    assert browser.get(FLOW).status_code == 200  # their own team by default
    assert browser.get(FLOW, {"team": org.team.pk}).status_code == 200
    page = browser.get("/insight/").content.decode()
    assert org.team.name in page and org.other_team.name not in page
    # The county's figures as a whole are for county-wide roles, through the API too.
    officer = api_client_for(org.data_protection)
    assert officer.get(FLOW).status_code == 200
    assert officer.get(FLOW, {"team": org.other_team.pk}).status_code == 200
    assert officer.get(FLOW, {"team": org.elsewhere.team.pk}).status_code == 400


def test_a_worker_of_no_team_is_refused(org, login):
    loner = WorkerFactory(county=org.county, role=Role.COUNSELLOR, teams=[])
    browser = login(loner)
    assert browser.get("/insight/").status_code == 403
    assert browser.get("/insight/flow/").status_code == 403
    assert browser.get(FLOW).status_code == 400


def test_an_empty_period_gives_zeros(org, login, case):
    browser = login(org.manager)
    answer = browser.get(FLOW, {"since": "2010-01-01", "until": "2010-03-31"})
    assert answer.status_code == 200
    assert answer.json() == {
        "case_count": 0,
        "event_count": 0,
        "edges": [],
        "variants": [],
        "case_duration": {"mean_seconds": None, "median_seconds": None},
        "start_activities": {},
        "end_activities": {},
    }
    figures = weekly_csv(browser, since="2010-01-01", until="2010-01-31")
    assert len(figures["weeks"]) == 5
    assert figures["received_contact"] == ["0"] * 5
    assert figures["resolved_share"] == [""] * 5


def test_the_weekly_table_counts_a_case_made_through_the_services(org, login, case, this_monday):
    figures = weekly_csv(login(org.manager), since=this_monday.isoformat())
    assert figures["weeks"] == [this_monday.isoformat()]
    assert figures["received_contact"] == ["1"]
    assert figures["received_notification"] == ["0"]
    assert figures["forwarded"] == ["1"]
    assert figures["assigned"] == ["1"]
    assert figures["resolved_share"] == ["0.0"]  # one left guidance, forwarded, none resolved
    assert figures["open_cases"] == ["1"]
    # The other team's manager sees none of it.
    other = weekly_csv(login(org.other_manager), since=this_monday.isoformat())
    assert other["received_contact"] == ["0"] and other["open_cases"] == ["0"]
    # The flow follows the matter into its case.
    flow = login(org.manager).get(FLOW, {"since": this_monday.isoformat()}).json()
    assert flow["case_count"] == 1
    assert flow["start_activities"] == {"intake.received": 1}
    assert flow["end_activities"] == {"case.assignment_overridden": 1}
    pairs = {(edge["source"], edge["target"]) for edge in flow["edges"]}
    assert ("intake.forwarded", "case.support_need_assessed") in pairs


def test_the_export_command_refuses_a_wrong_period_or_team(org, tmp_path):
    out = tmp_path / "log.xes"
    with pytest.raises(CommandError, match="--since is after --until"):
        call_command("export-events", format="xes", out=out, since=_d(2026, 5), until=_d(2026, 4))
    with pytest.raises(CommandError, match="No team 'Atlantis'"):
        call_command(
            "export-events", format="xes", out=out, team="Atlantis", county=org.county.name
        )
    assert not out.exists()


def _d(year, month):
    import datetime as dt

    return dt.date(year, month, 1)


def test_a_statutory_start_is_counted_once_on_the_case(org, login, case, this_monday, today):
    import datetime as dt

    from porras.casework.models import Case
    from porras.intake.models import IntakeItem

    due = today - dt.timedelta(days=1)
    IntakeItem.objects.filter(cases=case).update(
        due_rule="assessment_start_statutory", due_date=due
    )
    Case.objects.filter(pk=case.pk).update(assessment_start_due=due)
    figures = weekly_csv(login(org.manager), since=this_monday.isoformat())
    # Not started by its due date: one deadline missed, not the matter's and the case's.
    assert figures["deadline_assessment_start_statutory"] == ["0.0"]
    from porras.core.deadlines import RULES

    html = login(org.manager).get("/insight/", {"since": this_monday.isoformat()})
    label = str(RULES["assessment_start_statutory"].label)
    row = html.content.decode().split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
    assert "0 % (0/1)" in row

"""On a generated county's log: the flow figures of `/api/v1/insight/flow/` equal PM4Py's
computed from the XES export, both exports are read by PM4Py without warnings, and the
weekly team table equals figures counted here independently from the event log."""

import csv
import datetime as dt
import io
import statistics
import warnings
from collections import Counter

import pm4py
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from porras.clients.models import Client
from porras.core import clock
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem, Kind
from porras.people.models import Role, Worker
from porras.synth.generator import generate_county

pytestmark = pytest.mark.django_db


def signed_in(worker) -> Browser:
    browser = Browser()
    browser.force_login(worker)
    return browser


def read_quietly(reader, path):
    """PM4Py's reading of a file, failing on any warning about the file (its notice that
    an optional faster reader is not installed is about PM4Py, not the file)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = reader(str(path))
    about_file = [w for w in caught if "optional requirement" not in str(w.message)]
    assert about_file == [], [str(w.message) for w in about_file]
    return result


def export(folder, format_: str, **options):
    """`porras export-events` as an operator runs it; the file it wrote."""
    target = folder / f"log.{format_}"
    call_command("export-events", format=format_, out=target, stdout=io.StringIO(), **options)
    return target


def assert_same_flow(ours: dict, log) -> None:
    dfg, starts, ends = pm4py.discover_dfg(log)
    performance, _, _ = pm4py.discover_performance_dfg(log)
    edges = {(e["source"], e["target"]): e for e in ours["edges"]}
    assert set(edges) == set(dfg)
    for pair, count in dfg.items():
        assert edges[pair]["count"] == count, pair
        assert edges[pair]["mean_seconds"] == pytest.approx(performance[pair]["mean"], abs=1)
        assert edges[pair]["median_seconds"] == pytest.approx(performance[pair]["median"], abs=1)
    variants = {tuple(v["activities"]): v["count"] for v in ours["variants"]}
    assert variants == dict(pm4py.get_variants(log))
    assert ours["start_activities"] == starts
    assert ours["end_activities"] == ends
    durations = pm4py.get_all_case_durations(log)
    assert ours["case_count"] == len(durations) == log["case:concept:name"].nunique()
    assert ours["event_count"] == len(log)
    assert ours["case_duration"]["mean_seconds"] == pytest.approx(statistics.mean(durations), abs=1)
    assert ours["case_duration"]["median_seconds"] == pytest.approx(
        statistics.median(durations), abs=1
    )


def test_flow_exports_and_weekly_table_on_a_generated_county(tmp_path):
    county = generate_county(size="small", seed=5).county
    quality = Worker.objects.get(county=county, role=Role.QUALITY)
    team = county.teams.order_by("name").first()
    browser = signed_in(quality)

    # The whole county, then one team in a period: the API equals PM4Py on the export.
    for query, options in (
        ({"since": "2026-01-01"}, {"since": dt.date(2026, 1, 1)}),
        (
            {"team": team.pk, "since": "2026-10-01", "until": "2026-11-15"},
            {"team": team.name, "since": dt.date(2026, 10, 1), "until": dt.date(2026, 11, 15)},
        ),
    ):
        answer = browser.get("/api/v1/insight/flow/", query)
        assert answer.status_code == 200
        ours = answer.json()
        assert ours["case_count"] > 20 and len(ours["variants"]) > 5
        assert_same_flow(ours, read_quietly(pm4py.read_xes, export(tmp_path, "xes", **options)))

    # OCEL 2.0 with every object type; CSV with every event of the traces.
    everything = browser.get("/api/v1/insight/flow/", {"since": "2026-01-01"}).json()
    since = {"since": dt.date(2026, 1, 1)}
    ocel = read_quietly(pm4py.read_ocel2_json, export(tmp_path, "ocel", **since))
    assert len(ocel.events) == everything["event_count"]
    assert set(ocel.objects["ocel:type"]) == {"client", "matter", "case", "worker", "team"}
    written = "".join(
        (tmp_path / f"log.{name}").read_text(encoding="utf-8") for name in ("ocel", "xes")
    )
    for hetu, first, last in Client.objects.filter(county=county).values_list(
        "hetu", "first_name", "last_name"
    ):
        assert not last or f"{last} {first}" not in written
        assert not hetu or hetu not in written
    with export(tmp_path, "csv", **since).open(encoding="utf-8") as rows:
        exported = list(csv.DictReader(rows))
    assert len(exported) == everything["event_count"]
    assert len({row["trace"] for row in exported}) == everything["case_count"]

    # The weekly table against counts made here from the events themselves.
    manager = Worker.objects.get(role=Role.MANAGER, memberships__team=team)
    since, until = dt.date(2026, 9, 1), clock.today()
    page = signed_in(manager).get(
        "/insight/weekly.xlsx", {"team": team.pk, "since": since, "until": until}
    )
    assert page.status_code == 200
    sheet = load_workbook(io.BytesIO(page.content)).active
    header = [cell.value for cell in sheet[1]]
    figures = {
        row[0]: dict(zip(header[3:], row[3:], strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    weeks = header[3:]
    assert weeks[0] == clock.week_start(since).isoformat()
    assert weeks[-1] == clock.week_start(until).isoformat()

    def week_of(moment) -> str:
        return clock.week_start(timezone.localdate(moment)).isoformat()

    team_events = Event.objects.filter(team=team)
    kinds = dict(IntakeItem.objects.filter(team=team).values_list("pk", "kind"))
    received = Counter(
        (week_of(e.at), kinds[e.item_id])
        for e in team_events.filter(activity=Activity.INTAKE_RECEIVED)
        if week_of(e.at) in weeks
    )
    for kind in Kind:
        assert [figures[f"received_{kind}"][w] for w in weeks] == [
            received[(w, kind)] for w in weeks
        ]
    assert sum(received.values()) > 10
    kept = Counter(week_of(e.at) for e in team_events.filter(activity=Activity.APPOINTMENT_KEPT))
    missed = Counter(
        week_of(e.at) for e in team_events.filter(activity=Activity.APPOINTMENT_NO_SHOW)
    )
    no_show = figures["no_show_rate"]
    for week in weeks:
        whole = kept[week] + missed[week]
        expected = round(missed[week] / whole, 4) if whole else None
        assert no_show[week] == expected, week
    plans = Counter(week_of(e.at) for e in team_events.filter(activity=Activity.PLAN_MADE))
    assert [figures["plans"][w] for w in weeks] == [plans[w] for w in weeks]

    # A longer period costs the same number of queries.
    def queries(**period) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert (
                signed_in(manager).get("/insight/", {"team": team.pk, **period}).status_code == 200
            )
        return len(captured)

    assert queries(since="2026-11-01", until="2026-11-20") == queries(
        since="2025-01-01", until="2026-11-20"
    )


# The task runner closes and reopens its connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_aggregates_filled_by_the_task_runner_give_the_same_table(tmp_path):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from porras.insight.models import FillState, Trace, WeeklyCount
    from porras.insight.tasks import refresh_figures

    county = generate_county(size="small", seed=6).county
    quality = Worker.objects.get(county=county, role=Role.QUALITY)
    query = {"since": "2026-08-01", "until": "2026-11-30"}
    live = signed_in(quality).get("/insight/weekly.csv", query).content
    flow_live = signed_in(quality).get("/api/v1/insight/flow/", query).json()

    # The task runner fills the aggregates and enqueues its next run a minute later.
    call_command("insight", "schedule", stdout=io.StringIO())
    call_command("insight", "schedule", stdout=io.StringIO())  # not twice
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    state = FillState.objects.get(name="weekly_counts")
    settled = Event.objects.filter(at__lt=clock.now() - dt.timedelta(minutes=2))
    assert state.last_event_id == max(settled.values_list("id", flat=True))
    assert WeeklyCount.objects.filter(county=county).count() > 20
    counted = Event.objects.filter(id__lte=state.last_event_id).count()
    assert sum(WeeklyCount.objects.values_list("count", flat=True)) == counted
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.task_path == refresh_figures.module_path
    assert waiting.run_after > timezone.now()

    # Aggregates and the newest events counted live: the same table and flow as before.
    assert signed_in(quality).get("/insight/weekly.csv", query).content == live
    traces = FillState.objects.get(name="traces")
    assert Trace.objects.count() > 100
    assert_same_json(signed_in(quality).get("/api/v1/insight/flow/", query).json(), flow_live)
    # A step after the fill: its trace is computed live in place of the stored one.
    waiting = IntakeItem.objects.filter(county=county, status="queued").order_by("pk").first()
    worker = Worker.objects.filter(role=Role.GUIDANCE, memberships__team=waiting.team).first()
    intake_services.item_claim(item=waiting, acting_user=worker)
    assert Event.objects.filter(id__gt=traces.last_event_id, item_id=waiting.pk).exists()
    flow_now = signed_in(quality).get("/api/v1/insight/flow/", query).json()
    target = export(tmp_path, "xes", since=dt.date(2026, 8, 1), until=dt.date(2026, 11, 30))
    assert_same_flow(flow_now, read_quietly(pm4py.read_xes, target))
    call_command("insight", "refill", stdout=io.StringIO())
    assert signed_in(quality).get("/insight/weekly.csv", query).content == live


def assert_same_json(ours, theirs) -> None:
    """Equal, floats to the millisecond (the stored waits are computed in Python)."""
    if isinstance(ours, dict):
        assert set(ours) == set(theirs)
        for key in ours:
            assert_same_json(ours[key], theirs[key])
    elif isinstance(ours, list):
        assert len(ours) == len(theirs)
        for one, other in zip(ours, theirs, strict=True):
            assert_same_json(one, other)
    elif isinstance(ours, float):
        assert ours == pytest.approx(theirs, abs=0.01)
    else:
        assert ours == theirs


@pytest.mark.django_db(transaction=True)
def test_a_failing_fill_still_enqueues_the_next_run(monkeypatch):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from porras.insight import aggregates

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(aggregates, "fill_all", broken)
    call_command("insight", "schedule", stdout=io.StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()

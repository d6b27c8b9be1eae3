"""How fast Porras computes the flow of matters, against PM4Py and DuckDB on the same log,
and how fast the weekly team table answers.

The log is a generated county (`porras synth --size medium`) on PostgreSQL, copied
--copies times with fresh identifiers for the matters, cases and events (the same
steps at the same times, as other matters), so the figures grow with the log. Each
engine computes the same numbers — directly-follows counts with mean and median
waits, variants, start and end activities, mean and median case duration — and the
script checks they agree before it reports any time.

- Porras: `insight.flow.flow` (set-based SQL in PostgreSQL), the API's computation.
- PM4Py: the same figures from a DataFrame already in memory (reading the export and
  formatting the frame are not timed): discover_dfg, discover_performance_dfg,
  get_variants, get_all_case_durations, start and end activities.
- DuckDB (reference only): the same SQL ideas over the same events in an in-memory table.

Targets (issue: insight): Porras at least 20× faster than PM4Py's in-memory
computation and within 1.5× of DuckDB; the weekly team table for one week of a large
county under 0.5 s.

Run: .venv/bin/python benchmarks/insight_flow.py [--copies 20]
     (PostgreSQL from PORRAS_BENCH_DATABASE_URL, default the local porras_bench database;
     writes benchmarks/results/insight_flow.json)
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

URL = os.environ.get("PORRAS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/porras_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porras.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
RUNS = 3


def timed(function, runs: int = RUNS) -> tuple[float, object]:
    """The median wall time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ensure_log(copies: int) -> None:
    from porras.eventlog.models import Event
    from porras.people.models import County

    call_command("migrate", verbosity=0)
    if not County.objects.exists():
        print("Generating the medium county…", flush=True)
        call_command("synth", size="medium", seed=2, stdout=io.StringIO())
    events = Event.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM intake_intakeitem WHERE description LIKE 'copy %%'")
        (copied,) = cursor.fetchone()
    if copied:
        print(f"The log already holds copies ({events} events).", flush=True)
        return
    print(f"Copying the log {copies}×…", flush=True)
    from porras.intake.models import IntakeItem

    columns = [f.column for f in IntakeItem._meta.concrete_fields if f.column != "id"]

    def chosen(n: int) -> str:
        changed = {"idempotency_key": "NULL", "description": f"'copy {n}'"}
        return ", ".join(changed.get(column, column) for column in columns)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE originals AS SELECT id FROM intake_intakeitem")
        cursor.execute(
            "CREATE TEMP TABLE cases AS SELECT DISTINCT case_id AS id FROM eventlog_event "
            "WHERE case_id IS NOT NULL"
        )
        for n in range(1, copies):
            cursor.execute(
                "CREATE TEMP TABLE item_map AS SELECT id AS old, gen_random_uuid() AS new "
                "FROM originals; CREATE TEMP TABLE case_map AS SELECT id AS old, "
                "gen_random_uuid() AS new FROM cases"
            )
            cursor.execute(
                f"INSERT INTO intake_intakeitem (id, {', '.join(columns)}) "
                f"SELECT m.new, {chosen(n)} FROM intake_intakeitem i "
                "JOIN item_map m ON m.old = i.id"
            )
            cursor.execute(
                "INSERT INTO eventlog_event (at, county_id, activity, client_id, item_id, "
                "case_id, actor_id, actor_role, team_id, attributes, recorded_id) "
                "SELECT e.at, e.county_id, e.activity, e.client_id, im.new, cm.new, e.actor_id, "
                "e.actor_role, e.team_id, e.attributes, gen_random_uuid() "
                "FROM eventlog_event e LEFT JOIN item_map im ON im.old = e.item_id "
                "LEFT JOIN case_map cm ON cm.old = e.case_id "
                "WHERE im.new IS NOT NULL OR (e.item_id IS NULL AND cm.new IS NOT NULL)"
            )
            cursor.execute("DROP TABLE item_map; DROP TABLE case_map")
        cursor.execute("ANALYZE")


def pm4py_figures(frame) -> dict:
    import pm4py

    dfg, starts, ends = pm4py.discover_dfg(frame)
    performance, _, _ = pm4py.discover_performance_dfg(frame)
    variants = pm4py.get_variants(frame)
    durations = pm4py.get_all_case_durations(frame)
    return {
        "edges": {k: (v, performance[k]["mean"], performance[k]["median"]) for k, v in dfg.items()},
        "variants": dict(variants),
        "starts": dict(starts),
        "ends": dict(ends),
        "duration": (statistics.mean(durations), statistics.median(durations)),
    }


DUCKDB_SQL = """
WITH steps AS (
  SELECT trace, activity, ts,
         ROW_NUMBER() OVER w AS position, COUNT(*) OVER (PARTITION BY trace) AS length,
         LEAD(activity) OVER w AS next_activity, LEAD(ts) OVER w AS next_ts
  FROM events WINDOW w AS (PARTITION BY trace ORDER BY ts, event_id)
)
SELECT 'edge', activity, next_activity, COUNT(*),
       AVG(epoch(next_ts) - epoch(ts)), MEDIAN(epoch(next_ts) - epoch(ts))
FROM steps WHERE next_activity IS NOT NULL GROUP BY activity, next_activity
"""
DUCKDB_VARIANTS = """
SELECT path, COUNT(*) FROM (
  SELECT trace, string_agg(activity, ',' ORDER BY ts, event_id) AS path FROM events GROUP BY trace
) GROUP BY path
"""
DUCKDB_TRACES = """
WITH spans AS (SELECT epoch(MAX(ts)) - epoch(MIN(ts)) AS d FROM events GROUP BY trace),
ordered AS (
  SELECT trace, activity, ts,
         ROW_NUMBER() OVER (PARTITION BY trace ORDER BY ts, event_id) AS first_rank,
         ROW_NUMBER() OVER (PARTITION BY trace ORDER BY ts DESC, event_id DESC) AS last_rank
  FROM events
)
SELECT (SELECT AVG(d) FROM spans), (SELECT MEDIAN(d) FROM spans),
       (SELECT list(struct_pack(a := activity, n := n)) FROM
          (SELECT activity, COUNT(*) AS n FROM ordered WHERE first_rank = 1 GROUP BY activity)),
       (SELECT list(struct_pack(a := activity, n := n)) FROM
          (SELECT activity, COUNT(*) AS n FROM ordered WHERE last_rank = 1 GROUP BY activity))
"""


def duckdb_figures(db) -> dict:
    edges = {
        (a, b): (n, mean, median) for _e, a, b, n, mean, median in db.execute(DUCKDB_SQL).fetchall()
    }
    variants = {tuple(p.split(",")): n for p, n in db.execute(DUCKDB_VARIANTS).fetchall()}
    mean, median, starts, ends = db.execute(DUCKDB_TRACES).fetchone()
    return {
        "edges": edges,
        "variants": variants,
        "starts": {s["a"]: s["n"] for s in starts},
        "ends": {s["a"]: s["n"] for s in ends},
        "duration": (mean, median),
    }


def porras_as_figures(ours: dict) -> dict:
    return {
        "edges": {
            (e["source"], e["target"]): (e["count"], e["mean_seconds"], e["median_seconds"])
            for e in ours["edges"]
        },
        "variants": {tuple(v["activities"]): v["count"] for v in ours["variants"]},
        "starts": ours["start_activities"],
        "ends": ours["end_activities"],
        "duration": (
            ours["case_duration"]["mean_seconds"],
            ours["case_duration"]["median_seconds"],
        ),
    }


def agree(one: dict, other: dict) -> bool:
    if one["variants"] != other["variants"] or one["starts"] != other["starts"]:
        return False
    if one["ends"] != other["ends"] or set(one["edges"]) != set(other["edges"]):
        return False
    close = all(
        one["edges"][k][0] == other["edges"][k][0]
        and abs(one["edges"][k][1] - other["edges"][k][1]) < 1
        and abs(one["edges"][k][2] - other["edges"][k][2]) < 1
        for k in one["edges"]
    )
    return close and all(
        abs(a - b) < 1 for a, b in zip(one["duration"], other["duration"], strict=True)
    )


def export_memory(county) -> dict:
    """The peak memory Python allocates while writing each export of a tenth of the log
    and of the whole log: streamed, it should not grow with the log."""
    import tracemalloc

    from porras.insight import exports
    from porras.insight.traces import Scope
    from porras.intake.models import IntakeItem

    items = IntakeItem.objects.filter(county=county).order_by("received_at")
    first, last = items.first().received_at.date(), items.last().received_at.date()
    tenth = first + (last - first) / 10
    peaks = {}
    for label, scope in (
        ("tenth", Scope(county_id=county.pk, until=tenth)),
        ("whole", Scope(county_id=county.pk)),
    ):
        for format_ in exports.FORMATS:
            tracemalloc.start()
            written = sum(len(chunk) for chunk in exports.write(format_, scope))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            peaks[f"{format_}_{label}"] = {"written_chars": written, "peak_bytes": peak}
    return peaks


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    ensure_log(args.copies)

    import duckdb
    import pandas as pd
    import pm4py

    from porras.insight import aggregates, weekly
    from porras.insight.flow import flow
    from porras.insight.models import FillState
    from porras.insight.traces import Scope
    from porras.people.models import County

    county = County.objects.get()
    scope = Scope(county_id=county.pk)
    FillState.objects.filter(name=aggregates.TRACES).delete()  # the events alone
    live_seconds, _ = timed(lambda: flow(scope), runs=1)
    fill_start = time.perf_counter()
    aggregates.refill()
    fill_seconds = time.perf_counter() - fill_start
    with connection.cursor() as cursor:  # what autovacuum does after a fill
        cursor.execute("VACUUM ANALYZE insight_trace, insight_tracestep, insight_weeklycount")
    porras_seconds, ours = timed(lambda: flow(scope))
    events, traces = ours["event_count"], ours["case_count"]
    print(
        f"Log: {events} events in {traces} traces ({len(ours['edges'])} edges, "
        f"{len(ours['variants'])} variants)",
        flush=True,
    )
    print(
        f"Porras (PostgreSQL, from the aggregates): {porras_seconds:.3f} s; from the "
        f"events alone {live_seconds:.3f} s; filling the aggregates {fill_seconds:.1f} s",
        flush=True,
    )

    export = Path("/tmp/porras-bench-events.csv")
    call_command("export-events", format="csv", out=export, stdout=io.StringIO())
    memory = export_memory(county)
    print(f"Export peak memory (Python): {memory}", flush=True)
    frame = pd.read_csv(export, usecols=["trace", "event_id", "activity", "timestamp"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], format="ISO8601", utc=True)
    frame = pm4py.format_dataframe(
        frame, case_id="trace", activity_key="activity", timestamp_key="timestamp"
    )
    pm4py_seconds, theirs = timed(lambda: pm4py_figures(frame))
    print(f"PM4Py (in memory): {pm4py_seconds:.3f} s", flush=True)

    db = duckdb.connect()
    db.execute(
        "CREATE TABLE events AS SELECT trace, event_id, activity, "
        f"CAST(timestamp AS TIMESTAMPTZ) AS ts FROM read_csv_auto('{export}')"
    )
    duck_seconds, duck = timed(lambda: duckdb_figures(db))
    print(f"DuckDB (in memory): {duck_seconds:.3f} s", flush=True)

    same_pm4py = agree(porras_as_figures(ours), theirs)
    same_duck = agree(porras_as_figures(ours), duck)
    print(f"Same figures as PM4Py: {same_pm4py}; as DuckDB: {same_duck}", flush=True)

    last_week = weekly.clock.week_start(weekly.clock.today())
    week_scope = Scope(county_id=county.pk, since=last_week, until=last_week)
    table_seconds, _table = timed(lambda: weekly.weekly(week_scope))
    team = county.teams.order_by("name").first()
    team_scope = Scope(county_id=county.pk, team_id=team.pk, since=last_week, until=last_week)
    team_seconds, _ = timed(lambda: weekly.weekly(team_scope))
    print(
        f"Weekly team table, one week: county {table_seconds:.3f} s, a team {team_seconds:.3f} s",
        flush=True,
    )

    result = {
        "database": "postgresql",
        "events": events,
        "traces": traces,
        "copies": args.copies,
        "porras_seconds": round(porras_seconds, 4),
        "porras_without_aggregates_seconds": round(live_seconds, 4),
        "aggregates_fill_seconds": round(fill_seconds, 2),
        "pm4py_seconds": round(pm4py_seconds, 4),
        "duckdb_seconds": round(duck_seconds, 4),
        "times_faster_than_pm4py": round(pm4py_seconds / porras_seconds, 2),
        "times_duckdb": round(porras_seconds / duck_seconds, 2),
        "same_as_pm4py": same_pm4py,
        "same_as_duckdb": same_duck,
        "export_peak_bytes": memory,
        "weekly_table_county_week_seconds": round(table_seconds, 4),
        "weekly_table_team_week_seconds": round(team_seconds, 4),
        "targets": {
            "times_faster_than_pm4py": 20,
            "times_duckdb_at_most": 1.5,
            "weekly_table_seconds_at_most": 0.5,
        },
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "insight_flow.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

"""Flow analysis of the event log in set-based SQL: the directly-follows graph with counts
and waiting times, variants, case durations, start and end activities.

Every figure is one statement over two relations: `all_gaps` (each step followed by
another, with the wait between them) and `all_traces` (each trace's path, length, first
and last step and duration). Once the aggregates are filled (`aggregates.fill_traces`),
these are the stored traces and steps, and the traces that moved after the fill are
computed live from the event log and put in their place — so the figures are exact
whatever the fill's delay. Before the first fill everything is computed live.

Medians are the middle value, or the mean of the two middle values, as PM4Py and NumPy
compute them.
"""

import uuid
from collections import Counter

from django.db import connection, connections, transaction

from porras.core import routers
from porras.insight.aggregates import traces_filled_upto
from porras.insight.models import Trace, TraceStep
from porras.insight.traces import (
    Scope,
    as_text,
    concatenated,
    scope_filter,
    seconds_between,
    trace_sql,
)

# Each live trace's steps in order, the step that follows each, then the live relations.
LIVE = """,
    steps AS (
        SELECT trace, activity, at,
               ROW_NUMBER() OVER w AS position,
               COUNT(*) OVER (PARTITION BY trace) AS length,
               LEAD(activity) OVER w AS next_activity,
               LEAD(at) OVER w AS next_at
        FROM chosen_events
        WINDOW w AS (PARTITION BY trace ORDER BY at, id)
    ),
    live_gaps AS (
        SELECT activity AS source, next_activity AS target, {gap} AS seconds
        FROM steps WHERE next_activity IS NOT NULL
    ),
    paths AS (
        SELECT trace, position, length, activity, at, {path} OVER (
            PARTITION BY trace ORDER BY position
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS path
        FROM steps
    ),
    live_traces AS (
        SELECT trace, MAX(length) AS events, MAX(path) AS path,
               MAX(CASE WHEN position = 1 THEN activity END) AS first_activity,
               MAX(CASE WHEN position = length THEN activity END) AS last_activity,
               {span} AS seconds
        FROM paths GROUP BY trace
    )"""


def _relations(scope: Scope) -> tuple[str, list]:
    """The SQL of `all_gaps` and `all_traces` for the scope, with its parameters."""
    filled = traces_filled_upto()
    sql, params = trace_sql(scope, touched_after=filled)
    sql += LIVE.format(
        gap=seconds_between("at", "next_at"),
        path=concatenated("activity"),
        span=seconds_between("MIN(at)", "MAX(at)"),
    )
    if filled is None:
        return (
            sql
            + """,
    all_gaps AS (SELECT source, target, seconds FROM live_gaps),
    all_traces AS (SELECT * FROM live_traces)""",
            params,
        )
    step_where, step_params = scope_filter(scope, "s.team_id", "s.kind", "s.started")
    trace_where, trace_params = scope_filter(scope, "t.team_id", "t.kind", "t.started")
    county = Trace._meta.get_field("county").target_field.get_db_prep_value(
        scope.county_id, connection
    )
    sql += f""",
    all_gaps AS (
        SELECT source, target, seconds FROM live_gaps
        UNION ALL
        SELECT s.source, s.target, s.seconds FROM {TraceStep._meta.db_table} s
        WHERE s.county_id = %s AND {step_where}
              AND s.trace_id NOT IN (SELECT trace FROM touched)
    ),
    all_traces AS (
        SELECT trace, events, path, first_activity, last_activity, seconds FROM live_traces
        UNION ALL
        SELECT t.trace, t.events, t.path, t.first_activity, t.last_activity,
               {seconds_between("t.started", "t.ended")}
        FROM {Trace._meta.db_table} t
        WHERE t.county_id = %s AND {trace_where}
              AND t.trace NOT IN (SELECT trace FROM touched)
    )"""
    return sql, [*params, county, *step_params, county, *trace_params]


def _grouped(relation: str, groups: str, value: str = "seconds") -> str:
    """SELECT groups, count, mean and median of `value` in `relation`, by groups."""
    if connection.vendor == "postgresql":
        return f"""
        SELECT {groups}, COUNT(*), AVG({value}),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY {value})
        FROM {relation} GROUP BY {groups}"""
    partition = f"PARTITION BY {groups}" if groups != "1" else ""
    return f""",
        ranked AS (
            SELECT {groups if groups != "1" else "1 AS whole"}, {value} AS value,
                   ROW_NUMBER() OVER ({partition} ORDER BY {value}) AS rank_in,
                   COUNT(*) OVER ({partition}) AS size
            FROM {relation}
        )
        SELECT {groups if groups != "1" else "whole"}, COUNT(*), AVG(value),
               AVG(CASE WHEN rank_in IN ((size + 1) / 2, (size + 2) / 2) THEN value END)
        FROM ranked GROUP BY {groups if groups != "1" else "whole"}"""


# Sorting a county's waits for their medians in memory rather than on disk.
ANALYSIS_WORK_MEM = "64MB"


def _rows(statement: str, scope: Scope) -> list[tuple]:
    sql, params = _relations(scope)
    if not statement.lstrip().startswith(","):
        statement = " " + statement
    alias = routers.read_alias()
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{ANALYSIS_WORK_MEM}'")
        cursor.execute(sql + statement, params)
        return cursor.fetchall()


def flow(scope: Scope) -> dict:
    """The flow of the scope's traces, as `GET /api/v1/insight/flow/` answers it.
    Three statements: the paths (which also give the counts and the first and last
    steps), the waits between steps, and the traces' durations."""
    paths = _paths(scope)
    edges = [
        {
            "source": source,
            "target": target,
            "count": count,
            "mean_seconds": _seconds(mean),
            "median_seconds": _seconds(median),
        }
        for source, target, count, mean, median in sorted(
            _rows(_grouped("all_gaps", "source, target"), scope),
            key=lambda row: (-row[2], row[0], row[1]),
        )
    ]
    duration = _rows(_grouped("all_traces", "1"), scope)
    starts, ends = Counter(), Counter()
    for activities, count, _events, _example in paths:
        starts[activities[0]] += count
        ends[activities[-1]] += count
    return {
        "case_count": sum(count for _path, count, _events, _example in paths),
        "event_count": sum(events for _path, _count, events, _example in paths),
        "edges": edges,
        "variants": [{"activities": path, "count": count} for path, count, _e, _x in paths],
        "case_duration": {
            "mean_seconds": _seconds(duration[0][2]) if duration else None,
            "median_seconds": _seconds(duration[0][3]) if duration else None,
        },
        "start_activities": _ordered(starts),
        "end_activities": _ordered(ends),
    }


def _paths(scope: Scope) -> list[tuple[list[str], int, int, str]]:
    """Each path (variant): the traces that took it, their events and one of them."""
    return [
        (path.split(","), count, int(events), str(uuid.UUID(str(example))))
        for path, count, events, example in sorted(
            _rows(
                f"SELECT path, COUNT(*), SUM(events), MIN({as_text('trace')}) "
                "FROM all_traces GROUP BY path",
                scope,
            ),
            key=lambda row: (-row[1], row[0]),
        )
    ]


def variant_rows(scope: Scope) -> list[tuple[list[str], int, str]]:
    """Each path (variant) with the number of traces that took it and one of them."""
    return [(path, count, example) for path, count, _events, example in _paths(scope)]


def waits_before(scope: Scope) -> dict[str, dict]:
    """For each activity: how many times it followed another step and the median and mean
    wait since that step (what the handbook's diagram shows on each task)."""
    return {
        activity: {
            "count": count,
            "mean_seconds": _seconds(mean),
            "median_seconds": _seconds(median),
        }
        for activity, count, mean, median in _rows(_grouped("all_gaps", "target"), scope)
    }


def _seconds(value) -> float | None:
    return None if value is None else round(float(value), 3)


def _ordered(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

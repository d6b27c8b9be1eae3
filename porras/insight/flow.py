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

from django.db import connection

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


def _rows(statement: str, scope: Scope) -> list[tuple]:
    sql, params = _relations(scope)
    if not statement.lstrip().startswith(","):
        statement = " " + statement
    with connection.cursor() as cursor:
        cursor.execute(sql + statement, params)
        return cursor.fetchall()


def flow(scope: Scope) -> dict:
    """The flow of the scope's traces, as `GET /api/v1/insight/flow/` answers it."""
    case_count, event_count = _rows("SELECT COUNT(*), SUM(events) FROM all_traces", scope)[0]
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
    variants = [
        {"activities": activities, "count": count}
        for activities, count, _example in variant_rows(scope)
    ]
    duration = _rows(_grouped("all_traces", "1"), scope)
    ends = _rows(
        """
        SELECT 'start', first_activity, COUNT(*) FROM all_traces GROUP BY first_activity
        UNION ALL
        SELECT 'end', last_activity, COUNT(*) FROM all_traces GROUP BY last_activity""",
        scope,
    )
    return {
        "case_count": case_count or 0,
        "event_count": int(event_count or 0),
        "edges": edges,
        "variants": variants,
        "case_duration": {
            "mean_seconds": _seconds(duration[0][2]) if duration else None,
            "median_seconds": _seconds(duration[0][3]) if duration else None,
        },
        "start_activities": _counted(ends, "start"),
        "end_activities": _counted(ends, "end"),
    }


def variant_rows(scope: Scope) -> list[tuple[list[str], int, str]]:
    """Each path (variant) with the number of traces that took it and one of them."""
    return [
        (path.split(","), count, str(uuid.UUID(str(example))))
        for path, count, example in sorted(
            _rows(
                f"SELECT path, COUNT(*), MIN({as_text('trace')}) FROM all_traces GROUP BY path",
                scope,
            ),
            key=lambda row: (-row[1], row[0]),
        )
    ]


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


def _counted(rows, kind: str) -> dict[str, int]:
    chosen = sorted((row for row in rows if row[0] == kind), key=lambda row: (-row[2], row[1]))
    return {activity: count for _kind, activity, count in chosen}

"""Flow analysis of the event log in set-based SQL: the directly-follows graph with counts
and waiting times, variants, case durations, start and end activities.

Each figure is one statement over the traces of `traces.trace_sql`, so the database does
the work and the answer costs the same few queries whatever the log's length. Medians are
the middle value (or the mean of the two middle values), as PM4Py and NumPy compute them.
"""

import uuid

from django.db import connection

from porras.insight.traces import Scope, as_text, concatenated, seconds_between, trace_sql

# The steps of each trace in order, with the step that follows each.
STEPS = """,
    steps AS (
        SELECT trace, activity, at,
               ROW_NUMBER() OVER w AS position,
               COUNT(*) OVER (PARTITION BY trace) AS length,
               LEAD(activity) OVER w AS next_activity,
               LEAD(at) OVER w AS next_at
        FROM chosen_events
        WINDOW w AS (PARTITION BY trace ORDER BY at, id)
    )"""

# Mean and median of `seconds` in groups: the median from each value's rank in its group.
MIDDLE = "AVG(CASE WHEN rank_in IN ((size + 1) / 2, (size + 2) / 2) THEN seconds END)"


def flow(scope: Scope) -> dict:
    """The flow of the scope's traces, as `GET /api/v1/insight/flow/` answers it."""
    counts = _rows(
        "SELECT COUNT(DISTINCT trace), COUNT(*) FROM steps",
        scope,
    )[0]
    case_count, event_count = counts[0] or 0, counts[1] or 0
    edges = [
        {
            "source": source,
            "target": target,
            "count": count,
            "mean_seconds": _seconds(mean),
            "median_seconds": _seconds(median),
        }
        for source, target, count, mean, median in _rows(
            f""",
            gaps AS (
                SELECT activity AS source, next_activity AS target,
                       {seconds_between("at", "next_at")} AS seconds
                FROM steps WHERE next_activity IS NOT NULL
            ),
            ranked AS (
                SELECT source, target, seconds,
                       ROW_NUMBER() OVER (PARTITION BY source, target ORDER BY seconds) AS rank_in,
                       COUNT(*) OVER (PARTITION BY source, target) AS size
                FROM gaps
            )
            SELECT source, target, COUNT(*), AVG(seconds), {MIDDLE}
            FROM ranked GROUP BY source, target ORDER BY COUNT(*) DESC, source, target""",
            scope,
        )
    ]
    variants = [
        {"activities": activities, "count": count}
        for activities, count, _example in variant_rows(scope)
    ]
    duration = _rows(
        f""",
        spans AS (
            SELECT trace, {seconds_between("MIN(at)", "MAX(at)")} AS seconds
            FROM steps GROUP BY trace
        ),
        ranked AS (
            SELECT seconds, ROW_NUMBER() OVER (ORDER BY seconds) AS rank_in,
                   COUNT(*) OVER () AS size
            FROM spans
        )
        SELECT AVG(seconds), {MIDDLE} FROM ranked""",
        scope,
    )[0]
    ends = _rows(
        """
        SELECT 'start', activity, COUNT(*) FROM steps WHERE position = 1 GROUP BY activity
        UNION ALL
        SELECT 'end', activity, COUNT(*) FROM steps WHERE position = length GROUP BY activity""",
        scope,
    )
    return {
        "case_count": case_count,
        "event_count": event_count,
        "edges": edges,
        "variants": variants,
        "case_duration": {
            "mean_seconds": _seconds(duration[0]),
            "median_seconds": _seconds(duration[1]),
        },
        "start_activities": _counted(ends, "start"),
        "end_activities": _counted(ends, "end"),
    }


def _rows(statement: str, scope: Scope) -> list[tuple]:
    sql, params = trace_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(sql + STEPS + statement, params)
        return cursor.fetchall()


def _seconds(value) -> float | None:
    return None if value is None else round(float(value), 3)


def _counted(rows, kind: str) -> dict[str, int]:
    chosen = sorted((row for row in rows if row[0] == kind), key=lambda row: (-row[2], row[1]))
    return {activity: count for _kind, activity, count in chosen}


def variant_rows(scope: Scope) -> list[tuple[list[str], int, str]]:
    """Each path (variant) with the number of traces that took it and one of them."""
    return [
        (path.split(","), count, str(uuid.UUID(str(example))))
        for path, count, example in _rows(
            f""",
            paths AS (
                SELECT trace, position, {concatenated("activity")} OVER (
                    PARTITION BY trace ORDER BY position
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS path
                FROM steps
            )
            SELECT path, COUNT(*), MIN({as_text("trace")}) FROM paths WHERE position = 1
            GROUP BY path ORDER BY COUNT(*) DESC, path""",
            scope,
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
        for activity, count, mean, median in _rows(
            f""",
            gaps AS (
                SELECT next_activity AS activity, {seconds_between("at", "next_at")} AS seconds
                FROM steps WHERE next_activity IS NOT NULL
            ),
            ranked AS (
                SELECT activity, seconds,
                       ROW_NUMBER() OVER (PARTITION BY activity ORDER BY seconds) AS rank_in,
                       COUNT(*) OVER (PARTITION BY activity) AS size
                FROM gaps
            )
            SELECT activity, COUNT(*), AVG(seconds), {MIDDLE} FROM ranked GROUP BY activity""",
            scope,
        )
    }

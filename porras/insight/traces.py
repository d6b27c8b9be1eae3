"""The case notion of Porras' process mining, shared by the flow analysis and the exports.

One trace per matter (intake item): the matter's own events and, once the matter opened
a case (its `case.opened` event names both), every event of that case. Events about
neither (a client registered) belong to no trace. A trace belongs to the team of its
matter and to the period in which its first event falls, so a period's traces are whole:
their later steps count even when they happen after the period.

`trace_sql` is a set of common table expressions ending in `chosen_events`
(trace, id, activity, at, actor_id, actor_role, team_id, client_id, case_id, item_id);
the statements built on it run unchanged on SQLite and PostgreSQL but for the
three vendor fragments below.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.intake.models import IntakeItem


@dataclass(frozen=True)
class Scope:
    """Whose traces and which period: a county, optionally one team, and local dates."""

    county_id: int
    team_id: object = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str = ""  # only matters of this kind (intake.models.Kind), or all

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The period as UTC instants: from the start of `since` to the end of `until`."""
        zone = timezone.get_current_timezone()

        def midnight(day):
            return dt.datetime.combine(day, dt.time(), tzinfo=zone)

        start = midnight(self.since) if self.since else None
        end = midnight(self.until + dt.timedelta(days=1)) if self.until else None
        return start, end


def seconds_between(earlier: str, later: str) -> str:
    """SQL for the seconds from one timestamp column to another."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))::float"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def concatenated(column: str) -> str:
    """SQL for the aggregate that joins a column's values with commas."""
    if connection.vendor == "postgresql":
        return f"string_agg({column}, ',')"
    return f"group_concat({column}, ',')"


def as_text(column: str) -> str:
    """SQL for a UUID column as text (PostgreSQL has no MIN of a UUID)."""
    if connection.vendor == "postgresql":
        return f"CAST({column} AS text)"
    return column


COLUMNS = (
    "e.id, e.activity, e.at, e.actor_id, e.actor_role, e.team_id, e.client_id, e.case_id, e.item_id"
)


def trace_sql(scope: Scope, *, touched_after: int | None = None) -> tuple[str, list]:
    """The scope's traces as SQL (see the module's notes). With `touched_after`, only the
    traces that have an event after that id: the ones the aggregates do not hold yet,
    computed live beside them."""
    events = Event._meta.db_table
    county = _db_value(scope.county_id)
    opened = f"""
    WITH opened AS (
        SELECT case_id, item_id FROM (
            SELECT case_id, item_id,
                   ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY at, id) AS nth
            FROM {events}
            WHERE county_id = %s AND activity = %s AND item_id IS NOT NULL
                  AND case_id IS NOT NULL
        ) openings WHERE nth = 1
    ),"""
    params = [county, Activity.CASE_OPENED.value]
    if touched_after is None:
        traced = f"""
    traced AS (
        SELECT COALESCE(e.item_id, o.item_id) AS trace, {COLUMNS}
        FROM {events} e LEFT JOIN opened o ON e.item_id IS NULL AND o.case_id = e.case_id
        WHERE e.county_id = %s AND (e.item_id IS NOT NULL OR o.item_id IS NOT NULL)
    ),"""
        params.append(county)
    else:
        # Found through the indexes on the matter and the case: only these traces' events.
        traced = f"""
    touched AS (
        SELECT DISTINCT COALESCE(e.item_id, o.item_id) AS trace
        FROM {events} e LEFT JOIN opened o ON e.item_id IS NULL AND o.case_id = e.case_id
        WHERE e.county_id = %s AND e.id > %s AND (e.item_id IS NOT NULL OR o.item_id IS NOT NULL)
    ),
    traced AS (
        SELECT e.item_id AS trace, {COLUMNS} FROM {events} e
        WHERE e.item_id IN (SELECT trace FROM touched)
        UNION ALL
        SELECT o.item_id AS trace, {COLUMNS} FROM opened o
        JOIN {events} e ON e.case_id = o.case_id AND e.item_id IS NULL
        WHERE o.item_id IN (SELECT trace FROM touched)
    ),"""
        params += [county, touched_after]
    where, where_params = scope_filter(scope, "i.team_id", "i.kind", "t.started")
    sql = (
        opened
        + traced
        + f"""
    chosen AS (
        SELECT t.trace FROM (
            SELECT trace, MIN(at) AS started FROM traced GROUP BY trace
        ) t JOIN {IntakeItem._meta.db_table} i ON i.id = t.trace
        WHERE {where}
    ),
    chosen_events AS (
        SELECT traced.* FROM traced JOIN chosen ON chosen.trace = traced.trace
    )"""
    )
    return sql, params + where_params


def scope_filter(scope: Scope, team: str, kind: str, started: str) -> tuple[str, list]:
    """SQL for the scope's team, kind of matter and period, over the given columns."""
    start, end = scope.bounds()
    found, params = ["1 = 1"], []
    if scope.team_id is not None:
        found.append(f"{team} = %s")
        params.append(_db_value(scope.team_id))
    if scope.kind:
        found.append(f"{kind} = %s")
        params.append(scope.kind)
    if start is not None:
        found.append(f"{started} >= %s")
        params.append(connection.ops.adapt_datetimefield_value(start))
    if end is not None:
        found.append(f"{started} < %s")
        params.append(connection.ops.adapt_datetimefield_value(end))
    return " AND ".join(found), params


def _db_value(value):
    """A UUID as the database compares it (SQLite keeps them as 32 hex digits)."""
    return IntakeItem._meta.pk.get_db_prep_value(value, connection)

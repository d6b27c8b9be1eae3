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


def trace_sql(scope: Scope) -> tuple[str, list]:
    events = Event._meta.db_table
    items = IntakeItem._meta.db_table
    start, end = scope.bounds()
    chosen, chosen_params = ["1 = 1"], []
    if scope.team_id is not None:
        chosen.append("i.team_id = %s")
        chosen_params.append(_db_value(scope.team_id))
    if scope.kind:
        chosen.append("i.kind = %s")
        chosen_params.append(scope.kind)
    if start is not None:
        chosen.append("t.started >= %s")
        chosen_params.append(connection.ops.adapt_datetimefield_value(start))
    if end is not None:
        chosen.append("t.started < %s")
        chosen_params.append(connection.ops.adapt_datetimefield_value(end))
    sql = f"""
    WITH opened AS (
        SELECT case_id, item_id FROM (
            SELECT case_id, item_id,
                   ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY at, id) AS nth
            FROM {events}
            WHERE county_id = %s AND activity = %s AND item_id IS NOT NULL
                  AND case_id IS NOT NULL
        ) openings WHERE nth = 1
    ),
    traced AS (
        SELECT COALESCE(e.item_id, o.item_id) AS trace, e.id, e.activity, e.at, e.actor_id,
               e.actor_role, e.team_id, e.client_id, e.case_id, e.item_id
        FROM {events} e LEFT JOIN opened o ON e.item_id IS NULL AND o.case_id = e.case_id
        WHERE e.county_id = %s AND (e.item_id IS NOT NULL OR o.item_id IS NOT NULL)
    ),
    chosen AS (
        SELECT t.trace FROM (
            SELECT trace, MIN(at) AS started FROM traced GROUP BY trace
        ) t JOIN {items} i ON i.id = t.trace
        WHERE {" AND ".join(chosen)}
    ),
    chosen_events AS (
        SELECT traced.* FROM traced JOIN chosen ON chosen.trace = traced.trace
    )"""
    county = _db_value(scope.county_id)
    params = [county, Activity.CASE_OPENED.value, county, *chosen_params]
    return sql, params


def _db_value(value):
    """A UUID as the database compares it (SQLite keeps them as 32 hex digits)."""
    return IntakeItem._meta.pk.get_db_prep_value(value, connection)

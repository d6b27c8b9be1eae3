"""The event log as files for process-mining tools: XES (one trace per matter, the case
notion of `traces`), OCEL 2.0 JSON (every object type: client, matter, case, worker, team)
and CSV. Each writer yields text in chunks from a server-side cursor, so memory stays flat
however long the log is.

The files name no client: clients, matters and cases appear by their identifiers, workers
by their user names. They are still personal data (pseudonymised): the identifiers lead
back to the client inside Porras.
"""

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from django.db import connection

from porras.casework.models import Case
from porras.insight.traces import Scope, trace_sql
from porras.intake.models import IntakeItem
from porras.people.models import Team, Worker

FORMATS = ("xes", "ocel", "csv")
FETCH = 2000

EVENT_COLUMNS = (
    "trace",
    "event_id",
    "activity",
    "timestamp",
    "resource",
    "role",
    "team",
    "client",
    "case",
    "item",
)


def write(format_: str, scope: Scope) -> Iterator[str]:
    return {"xes": xes, "ocel": ocel, "csv": csv_rows}[format_](scope)


def events(scope: Scope) -> Iterator[tuple]:
    """The scope's events in trace order, each as the tuple of EVENT_COLUMNS."""
    sql, params = trace_sql(scope)
    yield from (
        (_uuid(trace), event_id, activity, _aware(at), username or "", role, *map(_uuid, ids))
        for trace, event_id, activity, at, username, role, *ids in _stream(
            sql
            + f"""
            SELECT ce.trace, ce.id, ce.activity, ce.at, w.username, ce.actor_role,
                   ce.team_id, ce.client_id, ce.case_id, ce.item_id
            FROM chosen_events ce LEFT JOIN {Worker._meta.db_table} w ON w.id = ce.actor_id
            ORDER BY ce.trace, ce.at, ce.id""",
            params,
        )
    )


def xes(scope: Scope) -> Iterator[str]:
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<log xes.version="1849-2016" xes.features="nested-attributes" '
        'xmlns="http://www.xes-standard.org/">\n'
        '<extension name="Concept" prefix="concept" '
        'uri="http://www.xes-standard.org/concept.xesext"/>\n'
        '<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
        '<extension name="Organizational" prefix="org" '
        'uri="http://www.xes-standard.org/org.xesext"/>\n'
        '<global scope="trace"><string key="concept:name" value="__INVALID__"/></global>\n'
        '<global scope="event"><string key="concept:name" value="__INVALID__"/>'
        '<date key="time:timestamp" value="1970-01-01T00:00:00+00:00"/></global>\n'
        '<classifier name="Activity" keys="concept:name"/>\n'
        '<string key="concept:name" value="Porras"/>\n'
    )
    current, chunk = None, []
    for trace, event_id, activity, at, resource, role, team, client, case, _item in events(scope):
        if trace != current:
            if current is not None:
                chunk.append("</trace>\n")
            chunk.append(f'<trace><string key="concept:name" value="{trace}"/>\n')
            current = trace
        fields = [
            _xes("string", "concept:name", activity),
            _xes("date", "time:timestamp", at.isoformat()),
            _xes("int", "porras:event", event_id),
            _xes("string", "org:resource", resource),
            _xes("string", "org:role", role),
            _xes("string", "org:group", team),
            _xes("string", "porras:client", client),
            _xes("string", "porras:case", case),
        ]
        chunk.append("<event>" + "".join(f for f in fields if f) + "</event>\n")
        if len(chunk) >= FETCH:
            yield "".join(chunk)
            chunk = []
    if current is not None:
        chunk.append("</trace>\n")
    chunk.append("</log>\n")
    yield "".join(chunk)


def _xes(kind: str, key: str, value) -> str:
    if value in (None, ""):
        return ""
    return f"<{kind} key={quoteattr(key)} value={quoteattr(str(value))}/>"


def csv_rows(scope: Scope) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVENT_COLUMNS)
    for number, row in enumerate(events(scope), start=1):
        writer.writerow(
            [row[0], row[1], row[2], row[3].isoformat(), *("" if v is None else v for v in row[4:])]
        )
        if number % FETCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


EPOCH = "1970-01-01T00:00:00+00:00"


def ocel(scope: Scope) -> Iterator[str]:
    """OCEL 2.0 in its JSON form: object and event types, objects with their relations
    to other objects, then the events with their relations to objects."""
    sql, params = trace_sql(scope)
    activities = [
        row[0] for row in _stream(sql + " SELECT DISTINCT activity FROM chosen_events", params)
    ]
    yield (
        json.dumps(
            {
                "objectTypes": [
                    {"name": "client", "attributes": []},
                    {"name": "matter", "attributes": [{"name": "kind", "type": "string"}]},
                    {"name": "case", "attributes": [{"name": "quadrant", "type": "string"}]},
                    {"name": "worker", "attributes": [{"name": "role", "type": "string"}]},
                    {"name": "team", "attributes": [{"name": "name", "type": "string"}]},
                ],
                "eventTypes": [
                    {"name": name, "attributes": [{"name": "role", "type": "string"}]}
                    for name in sorted(activities)
                ],
            }
        )[:-1]
        + ',\n"objects": ['
    )
    first = True
    for obj in _objects(sql, params):
        yield ("" if first else ",\n") + json.dumps(obj)
        first = False
    yield '],\n"events": ['
    first = True
    for _trace, event_id, activity, at, resource, role, team, client, case, item in events(scope):
        related = [
            (f"client:{client}", "client") if client else None,
            (f"matter:{item or _trace}", "matter"),
            (f"case:{case}", "case") if case else None,
            (f"worker:{resource}", "actor") if resource else None,
            (f"team:{team}", "team") if team else None,
        ]
        yield ("" if first else ",\n") + json.dumps(
            {
                "id": f"e{event_id}",
                "type": activity,
                "time": at.isoformat(),
                "attributes": [{"name": "role", "value": role}] if role else [],
                "relationships": [
                    {"objectId": oid, "qualifier": qualifier}
                    for oid, qualifier in filter(None, related)
                ],
            }
        )
        first = False
    yield "]}\n"


def _objects(sql: str, params: list) -> Iterator[dict]:
    items, cases = IntakeItem._meta.db_table, Case._meta.db_table
    teams, workers = Team._meta.db_table, Worker._meta.db_table
    for (client_id,) in _stream(
        sql + " SELECT DISTINCT client_id FROM chosen_events WHERE client_id IS NOT NULL", params
    ):
        yield {
            "id": f"client:{_uuid(client_id)}",
            "type": "client",
            "attributes": [],
            "relationships": [],
        }
    for item_id, kind, client_id, team_id in _stream(
        sql
        + f""" SELECT i.id, i.kind, i.client_id, i.team_id FROM {items} i
        WHERE i.id IN (SELECT trace FROM chosen_events UNION SELECT item_id FROM chosen_events)""",
        params,
    ):
        yield _object("matter", item_id, {"kind": kind}, client=client_id, team=team_id)
    for case_id, quadrant, client_id, team_id in _stream(
        sql
        + f""" SELECT c.id, c.quadrant, c.client_id, c.team_id FROM {cases} c
        WHERE c.id IN (SELECT case_id FROM chosen_events)""",
        params,
    ):
        yield _object("case", case_id, {"quadrant": quadrant}, client=client_id, team=team_id)
    for username, role in _stream(
        sql
        + f""" SELECT w.username, w.role FROM {workers} w
        WHERE w.id IN (SELECT actor_id FROM chosen_events) ORDER BY w.username""",
        params,
    ):
        yield {
            "id": f"worker:{username}",
            "type": "worker",
            "attributes": [{"name": "role", "value": role, "time": EPOCH}],
            "relationships": [],
        }
    for team_id, name in _stream(
        sql
        + f""" SELECT t.id, t.name FROM {teams} t
        WHERE t.id IN (SELECT team_id FROM chosen_events) ORDER BY t.name""",
        params,
    ):
        yield _object("team", team_id, {"name": name})


def _object(kind: str, pk, attributes: dict, **related) -> dict:
    return {
        "id": f"{kind}:{_uuid(pk)}",
        "type": kind,
        "attributes": [
            {"name": name, "value": value, "time": EPOCH} for name, value in attributes.items()
        ],
        "relationships": [
            {"objectId": f"{name}:{_uuid(value)}", "qualifier": name}
            for name, value in related.items()
            if value is not None
        ],
    }


def _stream(sql: str, params: list) -> Iterator[tuple]:
    """Rows from a server-side cursor on PostgreSQL (a plain one on SQLite), a batch at a
    time."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH):
            yield from rows


def _uuid(value) -> str | None:
    return None if value is None else str(uuid.UUID(str(value)))


def _aware(value) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

"""Reads of the access log, for the data protection officer and the client's extract."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from porras.audit.models import AccessLogEntry, Outcome
from porras.clients.models import Client
from porras.clients.selectors import client_history_ids
from porras.clients.tracking import DeclaredAccess, declare, record_type_label
from porras.people.models import Role
from porras.people.permissions import AccessPurpose


def declare_supervision(client_ids) -> None:
    """The officer reading a client's log uses that client's data too: log it."""
    for client_id in sorted(set(client_ids), key=str):
        declare(
            DeclaredAccess(
                client_id, "audit.access_log", AccessPurpose.SUPERVISION, Outcome.GRANTED
            )
        )


def entries_for(
    *,
    client: Client | None = None,
    client_id=None,
    username: str = "",
    first: dt.date | None = None,
    last: dt.date | None = None,
    outcome: str = "",
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.all()
    if client is not None:
        entries = entries.filter(client_id__in=client_history_ids(client))
    elif client_id is not None:
        entries = entries.filter(client_id=client_id)
    if username:
        entries = entries.filter(username=username)
    tz = timezone.get_current_timezone()
    if first:
        entries = entries.filter(at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz))
    if last:
        entries = entries.filter(
            at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    if outcome:
        entries = entries.filter(outcome=outcome)
    return entries.order_by("at", "id")


def review_queue() -> QuerySet[AccessLogEntry]:
    """Flagged entries (stated reasons, undeclared reads) not reviewed yet, oldest first."""
    return AccessLogEntry.objects.filter(flagged=True, review__isnull=True).order_by("at", "id")


@dataclass(frozen=True)
class ExtractRow:
    at: dt.datetime
    who: str
    role: str
    organisation: str
    what: str
    why: str


def client_extract(client: Client) -> list[ExtractRow]:
    """Who has seen the client's data, when, what and why (703/2023 § 11).

    In the active language."""
    rows = []
    for entry in entries_for(client=client, outcome=Outcome.GRANTED):
        try:
            role = Role(entry.role).label
        except ValueError:
            role = entry.role
        try:
            why = str(AccessPurpose(entry.purpose).label)
        except ValueError:
            why = entry.purpose
        if entry.reason:
            why = f"{why}: {entry.reason}"
        rows.append(
            ExtractRow(
                at=timezone.localtime(entry.at),
                who=entry.user_name,
                role=str(role),
                organisation=entry.organisation,
                what=str(record_type_label(entry.record_type)),
                why=why,
            )
        )
    return rows

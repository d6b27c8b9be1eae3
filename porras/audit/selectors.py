"""Reads of the access log, for the data protection officer and the client's extract.

Every read starts from `entries_of_county`: an officer sees their own county's log
and nothing else, whichever view or endpoint asks.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from porras.audit.models import AccessLogEntry, Outcome
from porras.clients.models import Client
from porras.clients.selectors import client_history_ids
from porras.clients.tracking import DeclaredAccess, declare, record_type_label
from porras.core import keyed
from porras.people import permissions
from porras.people.models import Role, Worker
from porras.people.permissions import AccessPurpose


def entries_of_county(officer: Worker) -> QuerySet[AccessLogEntry]:
    """The only way into the log: the officer's own county (nothing without one)."""
    permissions.require(
        permissions.can_read_access_log(officer),
        _("Only the data protection officer may read the access log."),
    )
    if officer.county_id is None:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(county_id=officer.county_id)


def client_of_county(officer: Worker, *, client_id=None, hetu: str = "") -> Client | None:
    """A client of the officer's county, by id or hetu (for the log search and extract)."""
    clients = Client.objects.filter(county_id=officer.county_id)
    if hetu:
        return clients.filter(hetu=hetu).first()
    if client_id is not None:
        return clients.filter(pk=client_id).first()
    return None


def declare_supervision(client_ids) -> None:
    """The officer reading a client's log uses that client's data too: log it."""
    for client_id in sorted({c for c in client_ids if c is not None}, key=str):
        declare(
            DeclaredAccess(
                client_id, "audit.access_log", AccessPurpose.SUPERVISION, Outcome.GRANTED
            )
        )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def entries_for(
    officer: Worker,
    *,
    client: Client | None = None,
    client_id=None,
    hetu: str = "",
    subject: str = "",
    username: str = "",
    first: dt.date | None = None,
    last: dt.date | None = None,
    outcome: str = "",
    newest_first: bool = False,
) -> QuerySet[AccessLogEntry]:
    """The officer's search. A client's entries include their merged records' and the
    lookups of their identity code (also those made before they were a client)."""
    entries = entries_of_county(officer)
    if client is not None:
        about = Q(client_id__in=client_history_ids(client))
        if client.hetu:
            about |= Q(subject_digest=keyed.hetu_digest(client.hetu))
        entries = entries.filter(about)
    elif hetu or subject:
        entries = entries.filter(subject_digest=subject or keyed.hetu_digest(hetu))
    elif client_id is not None:
        entries = entries.filter(client_id=client_id)
    if username:
        entries = entries.filter(username=username)
    if first:
        entries = entries.filter(at__gte=_day_start(first))
    if last:
        entries = entries.filter(at__lt=_day_start(last + dt.timedelta(days=1)))
    if outcome:
        entries = entries.filter(outcome=outcome)
    return entries.order_by("-at", "-id") if newest_first else entries.order_by("at", "id")


def client_names(officer: Worker, client_ids) -> dict:
    """Client id → name for the officer's lists (their reading is declared as supervision)."""
    ids = {c for c in client_ids if c is not None}
    rows = Client.objects.filter(county_id=officer.county_id, pk__in=ids).values_list(
        "pk", "last_name", "first_name"
    )
    return {
        pk: f"{last} {first}".strip() or str(_("Unidentified person")) for pk, last, first in rows
    }


def review_queue(officer: Worker) -> QuerySet[AccessLogEntry]:
    """Flagged entries (stated reasons, undeclared reads) not reviewed yet, oldest first."""
    return entries_of_county(officer).filter(flagged=True, review__isnull=True).order_by("at", "id")


def entry_for_review(officer: Worker, entry_id) -> AccessLogEntry | None:
    return entries_of_county(officer).filter(pk=entry_id).first()


@dataclass(frozen=True)
class ExtractRow:
    """Views of the same kind by the same person for the same reason on one day: one row,
    with the first and last time and how many times."""

    at: dt.datetime
    until: dt.datetime
    times: int
    who: str
    role: str
    organisation: str
    what: str
    why: str


def client_extract(officer: Worker, client: Client) -> list[ExtractRow]:
    """Who has seen the client's data, when, what and why (703/2023 § 11), repeated views
    of a day grouped (a client who sat in a busy queue has thousands of entries).

    In the active language. One query, grouped by the database."""
    rows = []
    entries = entries_for(officer, client=client, outcome=Outcome.GRANTED).filter(
        client_id__isnull=False
    )
    grouped = (
        entries.order_by()
        .annotate(day=TruncDate("at"))
        .values(
            "username",
            "user_name",
            "role",
            "organisation",
            "purpose",
            "reason",
            "record_type",
            "day",
        )
        .annotate(first=Min("at"), last=Max("at"), times=Count("id"), first_id=Min("id"))
        .order_by("first", "first_id")
    )
    for entry in grouped:
        try:
            role = Role(entry["role"]).label
        except ValueError:
            role = entry["role"]
        try:
            why = str(AccessPurpose(entry["purpose"]).label)
        except ValueError:
            why = entry["purpose"]
        if entry["reason"]:
            why = f"{why}: {entry['reason']}"
        rows.append(
            ExtractRow(
                at=timezone.localtime(entry["first"]),
                until=timezone.localtime(entry["last"]),
                times=entry["times"],
                who=entry["user_name"],
                role=str(role),
                organisation=entry["organisation"],
                what=str(record_type_label(entry["record_type"])),
                why=why,
            )
        )
    return rows

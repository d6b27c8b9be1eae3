"""Which clients a request touched, and why: the raw material of the access log.

Every Client row loaded from the database during a request is noted here
(`Client.from_db`), so the access log middleware can log even a read that a
view forgot to declare. Selectors declare their reads with a purpose through
`declare()`. Outside a request (management commands) nothing is collected.
"""

import contextvars
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# What was shown, by record type: the words of the client's log extract. Rooms
# above add theirs with `register_record_type` when they are loaded.
RECORD_TYPES = {
    "client.detail": _("Client's basic data"),
    "client.search": _("Client search result"),
    "client.edit": _("Editing the client's data"),
    "client.identify": _("Identifying the person"),
    "client.stated_reason": _("Stating a reason for access"),
    "api.client": _("Client's basic data through the interface (API)"),
    "api.client.stated_reason": _("Stating a reason for access through the interface (API)"),
    "audit.access_log": _("Access log of the client"),
    "lookup.register": _("Search by personal identity code when registering a client"),
    "lookup.identify": _("Search by personal identity code when identifying a person"),
    "lookup.reason": _("Search by personal identity code to state a reason for access"),
    "lookup.intake": _("Search by personal identity code when recording a matter"),
    "lookup.intake_hint": _("Search by personal identity code in the intake form"),
}


def register_record_type(code: str, label) -> None:
    RECORD_TYPES.setdefault(code, label)


def record_type_label(code: str):
    """What was shown, in words; a view that did not say (an undeclared read) is named
    in words too, never by its technical name."""
    return RECORD_TYPES.get(code) or _("Client's data in another view")


@dataclass(frozen=True)
class DeclaredAccess:
    client_id: uuid.UUID | None  # None: a lookup that found no client
    record_type: str
    purpose: str
    outcome: str  # "granted" or "refused"
    reason: str = ""
    flagged: bool = False
    subject_digest: str = ""  # a looked-up identity code, keyed (core.keyed.hetu_digest)


@dataclass
class Collector:
    loaded: set[uuid.UUID] = field(default_factory=set)
    declared: list[DeclaredAccess] = field(default_factory=list)

    def declared_ids(self) -> set[uuid.UUID]:
        return {d.client_id for d in self.declared if d.client_id is not None}


_current: contextvars.ContextVar[Collector | None] = contextvars.ContextVar(
    "porras_client_access", default=None
)


def start() -> contextvars.Token:
    return _current.set(Collector())


def finish(token: contextvars.Token) -> Collector | None:
    collector = _current.get()
    _current.reset(token)
    return collector


def note_loaded(client_id: uuid.UUID) -> None:
    collector = _current.get()
    if collector is not None:
        collector.loaded.add(client_id)


def declare(access: DeclaredAccess) -> None:
    collector = _current.get()
    if collector is not None and access not in collector.declared:
        collector.declared.append(access)


def current() -> Collector | None:
    return _current.get()

"""Reads of client data. Each one asks the permission resolver and declares the access.

The declaration goes to the request's access collector (`tracking`), which the
audit middleware turns into access-log entries; a refused read is declared too.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.clients.hetu import CENTURIES
from porras.clients.models import Client, ClientRelationship, StatedAccessReason
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import clock, keyed, ratelimit
from porras.core.errors import RateLimited
from porras.people import permissions
from porras.people.models import Worker
from porras.people.permissions import AccessPurpose, ClientAccess, Relationship


class ClientAccessDenied(PermissionDenied):
    """Refused: no relationship. Carries where to state a reason instead.

    `reason_url` names the thing the user asked for (a client, a matter, a case),
    never a client the user did not already know of.
    """

    def __init__(self, client_id=None, *, reason_url: str = ""):
        super().__init__(
            _(
                "You have no client relationship with this client. If your task needs the "
                "client's data, state the reason: the access is logged and reviewed by the "
                "data protection officer."
            )
        )
        if not reason_url and client_id is not None:
            reason_url = reverse("clients:reason", kwargs={"client_id": client_id})
        self.reason_url = reason_url


def _alias_ids(client: Client) -> list[uuid.UUID]:
    """The client and every record merged into it (their history is the client's)."""
    ids, frontier = [client.pk], [client.pk]
    while frontier:
        frontier = list(
            Client.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def client_history_ids(client: Client) -> list[uuid.UUID]:
    return _alias_ids(client)


def relationships_of(client_ids) -> dict[uuid.UUID, list[Relationship]]:
    found: dict[uuid.UUID, list[Relationship]] = {}
    for client_id, kind, team_id, worker_id in (
        ClientRelationship.objects.live()
        .filter(client_id__in=client_ids)
        .values_list("client_id", "kind", "team_id", "worker_id")
    ):
        found.setdefault(client_id, []).append(Relationship(kind, team_id, worker_id))
    return found


def active_stated_reason(user: Worker, client_id) -> str | None:
    reason = (
        StatedAccessReason.objects.filter(
            worker=user, client_id=client_id, valid_until__gt=clock.now()
        )
        .order_by("-created_at")
        .first()
    )
    if reason is None:
        return None
    return f"{reason.get_kind_display()}: {reason.explanation}"


def decide_access(user: Worker, client: Client) -> ClientAccess:
    scope = permissions.client_scope(user)
    return permissions.client_access(
        scope,
        client_county_id=client.county_id,
        relationships=relationships_of([client.pk]).get(client.pk, []),
        stated_reason=active_stated_reason(user, client.pk),
    )


def client_for_user(
    *, user: Worker, client_id, record_type: str, reason_url: str = ""
) -> tuple[Client, ClientAccess]:
    """The client, if `user` may see it; otherwise ClientAccessDenied (logged).

    An unknown id is refused exactly like a client of another team, so that a
    tampered URL never tells whether the client exists. `reason_url` is where the
    refusal offers to state a reason (by default the client's own reason page).
    """
    client = Client.objects.filter(pk=client_id, county_id=user.county_id).first()
    if client is None:
        declare(DeclaredAccess(client_id, record_type, AccessPurpose.NO_RELATIONSHIP, "refused"))
        raise ClientAccessDenied(client_id, reason_url=reason_url)
    visited = [client.pk]
    while client.merged_into_id:
        # A merged record's history and relationships are its identified client's.
        client = Client.objects.get(pk=client.merged_into_id)
        visited.append(client.pk)
    access = decide_access(user, client)
    for record_id in visited:
        declare(
            DeclaredAccess(
                record_id,
                record_type,
                access.purpose,
                "granted" if access.allowed else "refused",
                reason=access.reason,
                flagged=access.flagged,
            )
        )
    if not access.allowed:
        raise ClientAccessDenied(client_id, reason_url=reason_url)
    return client, access


# SHL § 36: a person over 75 is in a statutory group. Read as "has turned 75", the
# reading that gives the client the earlier deadline.
STATUTORY_AGE = 75


def age_on(client: Client, day: dt.date) -> int | None:
    """The client's age in whole years on `day` (None without a date of birth)."""
    born = client.birth_date
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def in_statutory_age(client: Client, day: dt.date) -> bool:
    age = age_on(client, day)
    return age is not None and age >= STATUTORY_AGE


def canonical(client: Client) -> Client:
    """The identified client a merged record now belongs to (the record itself if none)."""
    while client.merged_into_id:
        client = Client.objects.get(pk=client.merged_into_id)
    return client


LOOKUP_PURPOSES = ("register", "identify", "reason", "intake", "intake_hint")


def hetu_lookup(*, user: Worker, hetu: str, purpose: str, limited: bool = True) -> Client | None:
    """Whether an identity code is a client of the user's county: a logged search.

    Telling that someone is a client is itself a disclosure, so only client work
    may ask, every lookup is logged with its purpose (one that finds nobody under a
    keyed digest of the code, so the officer can still find it), and interactive
    lookups are limited per worker (`PORRAS_HETU_LOOKUPS_PER_10_MIN`).
    """
    if purpose not in LOOKUP_PURPOSES:
        raise ValueError(purpose)
    record_type = f"lookup.{purpose}"
    digest = keyed.hetu_digest(hetu)
    if not permissions.works_with_clients(user):
        declare(
            DeclaredAccess(
                None,
                record_type,
                AccessPurpose.NO_RELATIONSHIP,
                "refused",
                flagged=True,
                subject_digest=digest,
            )
        )
        raise PermissionDenied(_("Only client work may search by personal identity code."))
    if limited and not ratelimit.hit(
        f"hetu-lookup:{user.pk}",
        limit=settings.PORRAS_HETU_LOOKUPS_PER_10_MIN,
        window_seconds=600,
    ):
        declare(
            DeclaredAccess(
                None,
                record_type,
                AccessPurpose.IDENTITY_LOOKUP,
                "refused",
                flagged=True,
                subject_digest=digest,
            )
        )
        raise RateLimited(
            _(
                "You have searched by personal identity code %(count)s times in ten minutes. "
                "Wait a moment before the next search; the searches are logged."
            )
            % {"count": settings.PORRAS_HETU_LOOKUPS_PER_10_MIN}
        )
    found = Client.objects.filter(county_id=user.county_id, hetu=hetu.strip().upper()).first()
    if found is not None:
        found = canonical(found)
    declare(
        DeclaredAccess(
            found.pk if found else None,
            record_type,
            AccessPurpose.IDENTITY_LOOKUP,
            "granted",
            subject_digest=digest,
        )
    )
    return found


@dataclass(frozen=True)
class ClientView:
    """What a screen, export or API response may show of a client (masked as decided)."""

    id: uuid.UUID
    display_name: str
    first_name: str
    last_name: str
    hetu: str | None
    hetu_temporary: bool
    birth_date: dt.date | None
    is_identified: bool
    unidentified_description: str
    language: str
    language_display: str
    non_disclosure: bool
    contact_visible: bool
    street_address: str | None
    postal_code: str | None
    post_office: str | None
    municipality: str | None
    phone: str | None
    email: str | None
    merged_into_id: uuid.UUID | None
    version: int
    access_purpose: str
    access_flagged: bool


def present(client: Client, access: ClientAccess) -> ClientView:
    show_contact = not client.non_disclosure or access.sees_protected_contact

    def contact(value):
        return value if show_contact else None

    return ClientView(
        id=client.pk,
        display_name=client.display_name,
        first_name=client.first_name,
        last_name=client.last_name,
        hetu=client.hetu,
        hetu_temporary=client.hetu_temporary,
        birth_date=client.birth_date,
        is_identified=client.is_identified,
        unidentified_description=client.unidentified_description,
        language=client.language,
        language_display=client.get_language_display(),
        non_disclosure=client.non_disclosure,
        contact_visible=show_contact,
        street_address=contact(client.street_address),
        postal_code=contact(client.postal_code),
        post_office=contact(client.post_office),
        municipality=contact(client.municipality.name_fi if client.municipality else ""),
        phone=contact(client.phone),
        email=contact(client.email),
        merged_into_id=client.merged_into_id,
        version=client.version,
        access_purpose=access.purpose,
        access_flagged=access.flagged,
    )


_HETU_LIKE = re.compile(r"^\d{6}[" + re.escape("".join(CENTURIES)) + r"]\d{3}[0-9A-Z]$")


def client_search(*, user: Worker, query: str, limit: int = 50) -> list[ClientView]:
    """Clients matching a hetu or a name, among those `user` is related to."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    scope = permissions.client_scope(user)
    clients = Client.objects.filter(
        permissions.client_visibility_q(scope), merged_into__isnull=True
    )
    if _HETU_LIKE.match(query.upper()):
        clients = clients.filter(hetu=query.upper())
    else:
        for word in query.split():
            clients = clients.filter(Q(last_name__icontains=word) | Q(first_name__icontains=word))
    found = list(clients.distinct().select_related("municipality")[:limit])
    relationships = relationships_of([c.pk for c in found])
    results = []
    for client in found:
        access = permissions.client_access(
            scope,
            client_county_id=client.county_id,
            relationships=relationships.get(client.pk, []),
        )
        declare(
            DeclaredAccess(
                client.pk,
                "client.search",
                access.purpose,
                "granted" if access.allowed else "refused",
            )
        )
        if access.allowed:
            results.append(present(client, access))
    return results

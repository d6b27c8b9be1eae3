"""Reads of intake: the guidance queue, an item with its client, deadlines in words."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse

from porras.clients import selectors as client_selectors
from porras.clients.models import Client
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import clock, deadlines
from porras.core.pagination import page_of
from porras.intake.models import (
    DEFAULT_TARGETS,
    OPEN_STATUSES,
    ClientFlag,
    IntakeItem,
    IntakeSettings,
    ServiceTarget,
    Track,
    Urgency,
)
from porras.people import permissions
from porras.people import selectors as people_selectors
from porras.people.models import Team, Worker

NEAR_DUE_WORKING_DAYS = 1
QUEUE_PAGE = 100


def settings_for(county) -> IntakeSettings:
    found = IntakeSettings.objects.filter(county=county).first()
    return found or IntakeSettings(county=county)


def target_working_days(county, kind: str, *, urgent: bool) -> int:
    target = ServiceTarget.objects.filter(county=county, kind=kind, urgent=urgent).first()
    if target is not None:
        return target.working_days
    not_urgent_days, urgent_days = DEFAULT_TARGETS.get(kind, (5, 1))
    return urgent_days if urgent else not_urgent_days


def can_work_in_queue(user: Worker, team: Team) -> bool:
    return permissions.works_with_clients(user) and permissions.is_member(user, team)


def can_work_on(user: Worker, item: IntakeItem) -> bool:
    """Who handles the matter: its team's workers, or for an income support application
    in the regional queue, the county's benefit handlers."""
    if item.in_benefits:
        return permissions.handles_benefits(user) and user.county_id == item.county_id
    return can_work_in_queue(user, item.team)


@dataclass
class QueueRow:
    item: IntakeItem
    waiting_days: int
    overdue: bool
    near_due: bool
    client_name: str | None = None  # None: the viewer may not see who it is
    holder_absent: bool = False  # held by someone absent today: the manager may release it


def queue(
    user: Worker,
    team: Team,
    *,
    status: str = "",
    kind: str = "",
    urgency: str = "",
    include_closed: bool = False,
    page_number=None,
) -> Page:
    """One page of the team's guidance queue (urgent first, then by waiting time) as
    QueueRows, in a fixed number of queries however long the queue.

    Client names are shown (and access-logged) only where the viewer may see them.
    """
    items: QuerySet[IntakeItem] = IntakeItem.objects.filter(team=team, track=Track.GUIDANCE)
    if status:
        items = items.filter(status=status)
    elif not include_closed:
        items = items.filter(status__in=list(OPEN_STATUSES))
    if kind:
        items = items.filter(kind=kind)
    if urgency:
        items = items.filter(urgency=urgency)
    rank = Case(
        When(urgency=Urgency.URGENT_NOW, then=Value(0)),
        When(urgency=Urgency.URGENT, then=Value(1)),
        When(urgency="", urgent=True, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    today = clock.today()
    rows = []
    page = page_of(
        items.annotate(rank=rank)
        .order_by("rank", "received_at", "pk")
        .select_related("claimed_by", "client"),
        page_number,
        per_page=QUEUE_PAGE,
    )
    found = list(page.object_list)
    names = visible_names(user, [item.client for item in found], record_type="intake.queue")
    absent = people_selectors.absent_on({i.claimed_by_id for i in found if i.claimed_by_id}, today)
    for item in found:
        row = queue_row(item, today)
        row.client_name = names[item.client_id]
        row.holder_absent = item.claimed_by_id in absent
        rows.append(row)
    page.object_list = rows
    return page


def visible_names(user: Worker, clients, *, record_type: str) -> dict:
    """Client id → display name, or None where `user` may not see the client (all logged)."""
    scope = permissions.client_scope(user)
    relationships = client_selectors.relationships_of({client.pk for client in clients})
    names = {}
    for client in clients:
        access = permissions.client_access(
            scope, client_county_id=client.county_id, relationships=relationships.get(client.pk, [])
        )
        declare(
            DeclaredAccess(
                client.pk, record_type, access.purpose, "granted" if access.allowed else "refused"
            )
        )
        names[client.pk] = client.display_name if access.allowed else None
    return names


def queue_row(item: IntakeItem, today: dt.date) -> QueueRow:
    overdue = bool(item.due_date and item.is_open and item.due_date < today)
    near = bool(
        item.due_date
        and item.is_open
        and not overdue
        and deadlines.waiting_working_days(today, item.due_date) <= NEAR_DUE_WORKING_DAYS
    )
    return QueueRow(item, deadlines.waiting_working_days(item.pending_date, today), overdue, near)


def item_with_client(
    *, user: Worker, item_id, record_type: str = "intake.item", reason_route: str = "intake:reason"
):
    """The item and its client as the user may see it; refused like a client (logged)."""
    item = (
        IntakeItem.objects.filter(pk=item_id, county_id=user.county_id)
        .select_related("team", "claimed_by")
        .first()
    )
    if item is None:
        raise client_selectors.ClientAccessDenied()
    client, access = client_selectors.client_for_user(
        user=user,
        client_id=item.client_id,
        record_type=record_type,
        reason_url=reverse(reason_route, kwargs={"item_id": item.pk}),
    )
    return item, client_selectors.present(client, access)


# Within this time the same client, kind and description is likely one matter twice.
DUPLICATE_WINDOW = dt.timedelta(hours=24)


def likely_duplicates(user: Worker, *, hetu: str, kind: str, description: str) -> list[IntakeItem]:
    """Matters just like this one (same client, kind and description, recently) that the
    user may know of: recorded by them or in a team of theirs. Nothing else is told."""
    if not hetu:
        return []
    since = clock.now() - DUPLICATE_WINDOW
    candidates = IntakeItem.objects.filter(
        county_id=user.county_id,
        client__hetu=hetu.strip().upper(),
        kind=kind,
        received_at__gte=since,
    ).filter(Q(created_by=user) | Q(team__in=user.teams.all()))
    wanted = " ".join(description.split()).casefold()
    return [
        item
        for item in candidates.order_by("-received_at")[:20]
        if " ".join(item.description.split()).casefold() == wanted
    ]


def team_reveals_nothing(user: Worker, item: IntakeItem) -> bool:
    """May `user` be told which team got the item? Not when the team was chosen from
    a non-disclosure client's address that the user may not see (it names the area)."""
    hidden = (
        Client.objects.filter(pk=item.client_id).values_list("non_disclosure", flat=True).first()
    )
    if not hidden or permissions.is_member(user, item.team):
        return True
    scope = permissions.client_scope(user)
    access = permissions.client_access(
        scope,
        client_county_id=item.county_id,
        relationships=client_selectors.relationships_of([item.client_id]).get(item.client_id, []),
    )
    return access.sees_protected_contact


def open_items_of(client_id, *, exclude=None) -> QuerySet[IntakeItem]:
    items = IntakeItem.objects.filter(client_id=client_id, status__in=list(OPEN_STATUSES))
    if exclude is not None:
        items = items.exclude(pk=exclude)
    return items.order_by("received_at")


def flags_of(user: Worker, team: Team) -> list[tuple[ClientFlag, str | None]]:
    """The team's flagged clients: matters keep coming but the client is not reached."""
    flags = list(ClientFlag.objects.filter(team=team, active=True).select_related("client"))
    names = visible_names(user, [flag.client for flag in flags], record_type="intake.queue")
    return [(flag, names[flag.client_id]) for flag in flags]


def client_hint(*, user: Worker, hetu: str) -> dict:
    """For the intake form: is the hetu a client already, and what is open for them?

    A logged, rate-limited lookup. A client the user may see is named with their
    open matters (and logged); of any other only the fact that the matter will
    join an existing client is said.
    """
    found = client_selectors.hetu_lookup(user=user, hetu=hetu, purpose="intake_hint")
    if found is None:
        return {"state": "new"}
    try:
        client, access = client_selectors.client_for_user(
            user=user, client_id=found.pk, record_type="intake.hint"
        )
    except client_selectors.ClientAccessDenied:
        return {"state": "existing"}
    return {
        "state": "known",
        "client": client_selectors.present(client, access),
        "open_items": list(open_items_of(client.pk)),
    }

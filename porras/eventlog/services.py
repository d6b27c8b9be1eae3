from django.db import connection

from porras.core import clock
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event


class EventOutsideTransaction(RuntimeError):
    """An event must be written in the same transaction as the step it records."""


def record(
    *,
    activity: str,
    county,
    actor=None,
    client=None,
    team=None,
    item_id=None,
    case_id=None,
    attributes: dict | None = None,
    at=None,
) -> Event:
    """Append one event. Call it inside the service's transaction.atomic()."""
    if not connection.in_atomic_block:
        raise EventOutsideTransaction(f"{activity} recorded outside a transaction")
    Activity(activity)  # only registered codes
    return Event.objects.create(
        at=at or clock.now(),
        county=county,
        activity=activity,
        client=client,
        team=team,
        item_id=item_id,
        case_id=case_id,
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        attributes=attributes or {},
    )


def record_item_step(
    *, item, activity: str, actor, case_id=None, at=None, attributes: dict | None = None
) -> Event:
    """Append the event of one step on an intake item (its county, client and team)."""
    return record(
        activity=activity,
        county=item.county,
        actor=actor,
        client=item.client,
        team=item.team,
        item_id=item.pk,
        case_id=case_id,
        at=at,
        attributes=attributes,
    )

from django.db.models import QuerySet

from porras.eventlog.models import Event


def item_timeline(item_id) -> QuerySet[Event]:
    return Event.objects.filter(item_id=item_id).select_related("actor").order_by("at", "id")


def client_history(client_ids) -> QuerySet[Event]:
    """Every step recorded about a client (and the records merged into them), newest first."""
    return (
        Event.objects.filter(client_id__in=list(client_ids))
        .select_related("actor", "team")
        .order_by("-at", "-id")
    )

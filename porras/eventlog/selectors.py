from django.db.models import QuerySet

from porras.eventlog.models import Event


def item_timeline(item_id) -> QuerySet[Event]:
    return Event.objects.filter(item_id=item_id).select_related("actor").order_by("at", "id")

"""The event log: one append-only row per domain step, written with the step itself."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.clients.models import Client
from porras.eventlog.activities import Activity
from porras.people.models import County, Team, Worker


class AppendOnlyError(Exception):
    pass


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The event log is append-only.")

    def delete(self):
        raise AppendOnlyError("The event log is append-only.")


class Event(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("time"), db_index=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    activity = models.CharField(_("activity"), max_length=64, choices=Activity.choices)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    # The process instance: an intake item now; a case (asiakkuus) later.
    item_id = models.UUIDField(null=True, blank=True, db_index=True)
    case_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attributes = models.JSONField(default=dict, blank=True)
    recorded_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["county", "activity", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.activity}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The event log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The event log is append-only.")

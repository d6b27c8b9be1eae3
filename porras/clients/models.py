"""Clients (asiakas): identified by henkilötunnus or recorded as unidentified."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.clients import tracking
from porras.core import clock
from porras.people.models import County, Municipality, Team, Worker
from porras.people.permissions import ClientRelation


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    OTHER = "other", _("Other language")


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="clients", verbose_name=_("county")
    )
    # NULL, not "", for the unidentified: the per-county uniqueness must ignore them.
    hetu = models.CharField(  # noqa: DJ001
        _("personal identity code"), max_length=11, null=True, blank=True
    )
    hetu_temporary = models.BooleanField(_("temporary identity code"), default=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    first_name = models.CharField(_("first names"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    unidentified_description = models.TextField(
        _("description of an unidentified person"),
        blank=True,
        help_text=_("For example: a man about 40 at the bus station."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality of residence"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FINNISH
    )
    non_disclosure = models.BooleanField(
        _("non-disclosure (turvakielto)"),
        default=False,
        help_text=_(
            "Address and contact data are shown only to those whose task needs them "
            "and never printed on outgoing documents."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name", "created_at"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "hetu"],
                name="one_client_per_hetu",
                condition=models.Q(hetu__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(hetu__isnull=False)
                | ~models.Q(unidentified_description="")
                | models.Q(merged_into__isnull=False),
                name="client_identified_or_described",
            ),
        ]
        indexes = [models.Index(fields=["county", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.display_name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        tracking.note_loaded(instance.pk)
        return instance

    @property
    def is_identified(self) -> bool:
        return bool(self.hetu)

    @property
    def display_name(self) -> str:
        name = f"{self.last_name} {self.first_name}".strip()
        if name:
            return name
        return str(_("Unidentified person"))


# The relationship kinds are the resolver's vocabulary: defined beside it in people.
RelationshipKind = ClientRelation


class RelationshipQuerySet(models.QuerySet):
    def live(self):
        """Open and not expired: the relationships that give access now."""
        return self.filter(active=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=clock.now())
        )


class ClientRelationship(models.Model):
    """A technically verified client relationship (703/2023 § 9).

    Written by the services that create it (registration, intake, assignment)
    in the same transaction, and closed when the matter or case ends; one that
    a short task justifies (registering a new client) expires by itself.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="relationships")
    kind = models.CharField(max_length=16, choices=RelationshipKind.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="client_relationships"
    )
    source = models.CharField(
        max_length=100, blank=True, help_text="What opened it, e.g. intake:<id>."
    )
    active = models.BooleanField(default=True)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_until = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False) | models.Q(worker__isnull=False),
                name="relationship_has_team_or_worker",
            )
        ]
        indexes = [models.Index(fields=["client", "active"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.worker_id or self.team_id} → {self.client_id}"


class ReasonKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency: the client needs help now")
    OTHER_TASK = "other_task", _("Another task of mine needs this client's data")


class StatedAccessReason(models.Model):
    """A worker's stated reason to see a client without a relationship (flagged for review)."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("reason"), max_length=16, choices=ReasonKind.choices)
    explanation = models.CharField(_("explanation"), max_length=500)
    created_at = models.DateTimeField()
    valid_until = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} → {self.client_id}: {self.kind}"

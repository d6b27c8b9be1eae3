"""The access log (703/2023 §§ 10–11): who used which client's data, when and why.

Append-only: the application never changes or deletes an entry (the model and
its queryset refuse; the database refuses too, by trigger, except sealing an
unsealed entry once and removing entries past the legal retention). A request
appends its entries in one insert, without any county-wide lock; a short
sealing step then gives them their place in the chain (`seq`) and a keyed hash
(HMAC) over their content and the previous entry's hash, so a changed, removed
or forged row breaks the chain (`porras audit verify`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.people.models import Worker


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    # The tenant: every officer's query is scoped by it (audit.selectors).
    county_id = models.UUIDField(null=True, db_index=True)
    user = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, related_name="+")
    # Snapshots: the log must say who the user was then, whatever changes later.
    username = models.CharField(max_length=150)
    user_name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=32)
    organisation = models.CharField(_("organisation"), max_length=500)
    # Null for a lookup by identity code that found no client: `subject_digest` keeps
    # the code, keyed, so the officer can still find who searched for it.
    client_id = models.UUIDField(_("client"), db_index=True, null=True)
    subject_digest = models.CharField(max_length=64, blank=True, db_index=True)
    record_type = models.CharField(_("what"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=32)
    reason = models.CharField(_("stated reason"), max_length=600, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    flagged = models.BooleanField(_("flagged for review"), default=False)
    request_id = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True)
    path = models.CharField(max_length=500)
    # Set once, by sealing (audit.chain.seal): the place in the chain and the HMAC.
    seq = models.BigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["county_id", "flagged", "at"], name="audit_entry_county_flag_at"),
            models.Index(fields=["county_id", "username", "at"], name="audit_entry_county_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.client_id} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")


class ChainHead(models.Model):
    """The last sealed entry: locked only by sealing (never by a request)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # When the head was last written to the checkpoint file outside the database.
    checkpointed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"chain head at entry {self.last_seq}"


class Purge(models.Model):
    """A retention purge: entries up to `last_purged_seq` were removed on `at`.

    Its `mac` (keyed) proves that `porras audit purge` made it; it is also written
    to the checkpoint file, so a purge forged in the database is found.
    """

    at = models.DateTimeField()
    cutoff = models.DateTimeField()
    removed = models.PositiveIntegerField()
    last_purged_seq = models.BigIntegerField()
    last_purged_hash = models.CharField(max_length=64)
    performed_by = models.CharField(max_length=150)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"purge of {self.removed} entries before {self.cutoff:%Y-%m-%d}"


class ReviewDecision(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    FOLLOW_UP = "follow_up", _("Needs follow-up")


class Review(models.Model):
    """The data protection officer's review of a flagged entry (the entry itself never changes)."""

    entry = models.OneToOneField(AccessLogEntry, on_delete=models.PROTECT, related_name="review")
    reviewer = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecision.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"review of entry {self.entry_id}: {self.decision}"

"""Appending to, verifying and purging the hash-chained access log."""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction

from porras.audit.models import AccessLogEntry, ChainHead, Purge
from porras.core import clock

HASHED_FIELDS = (
    "at",
    "username",
    "user_name",
    "role",
    "organisation",
    "client_id",
    "record_type",
    "purpose",
    "reason",
    "outcome",
    "flagged",
    "request_id",
    "ip",
    "path",
)


def entry_digest(prev_hash: str, values: dict) -> str:
    canonical = json.dumps(
        {name: str(values[name]) if values[name] is not None else None for name in HASHED_FIELDS},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def append(entries: list[dict]) -> list[AccessLogEntry]:
    """Write entries at the end of the chain, in one transaction."""
    if not entries:
        return []
    written = []
    with transaction.atomic():
        ChainHead.objects.get_or_create(id=1)
        head = ChainHead.objects.select_for_update().get(id=1)
        prev = head.last_hash
        for values in entries:
            values = {**values, "at": values.get("at") or clock.now()}
            digest = entry_digest(prev, values)
            entry = AccessLogEntry(prev_hash=prev, entry_hash=digest, **values)
            entry.save()
            written.append(entry)
            prev = digest
        head.last_entry_id = written[-1].pk
        head.last_hash = prev
        head.save()
    return written


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def verify() -> VerifyResult:
    head = ChainHead.objects.filter(id=1).first()
    purge = Purge.objects.order_by("-last_purged_id").first()
    prev = purge.last_purged_hash if purge else "0" * 64
    expected_prev_id = purge.last_purged_id if purge else 0
    checked = 0
    last_id = expected_prev_id
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        values = {name: getattr(entry, name) for name in HASHED_FIELDS}
        if entry.prev_hash != prev:
            return VerifyResult(
                False, checked, "an entry before it is missing or was changed", entry.pk
            )
        if entry_digest(prev, values) != entry.entry_hash:
            return VerifyResult(False, checked, "its content was changed", entry.pk)
        prev = entry.entry_hash
        last_id = entry.pk
        checked += 1
    if head is not None and (head.last_entry_id != last_id or head.last_hash != prev):
        return VerifyResult(
            False, checked, "the last entries of the chain are missing", head.last_entry_id
        )
    return VerifyResult(True, checked)


def purge_older_than(cutoff, *, performed_by: str) -> int:
    """Remove entries older than `cutoff` (retention) and record the purge."""
    with transaction.atomic():
        ChainHead.objects.get_or_create(id=1)
        ChainHead.objects.select_for_update().get(id=1)
        doomed = AccessLogEntry.objects.filter(at__lt=cutoff).order_by("-id")
        last = doomed.first()
        if last is None:
            return 0
        count = doomed.count()
        # Only entries before the first one kept may go, so the chain stays whole.
        first_kept = AccessLogEntry.objects.filter(at__gte=cutoff).order_by("id").first()
        if first_kept is not None and first_kept.pk < last.pk:
            last = AccessLogEntry.objects.filter(pk__lt=first_kept.pk).order_by("-id").first()
            count = AccessLogEntry.objects.filter(pk__lte=last.pk).count()
        table = AccessLogEntry._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL porras.audit_purge = 'on'")
            cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last.pk])
        Purge.objects.create(
            at=clock.now(),
            cutoff=cutoff,
            removed=count,
            last_purged_id=last.pk,
            last_purged_hash=last.entry_hash,
            performed_by=performed_by,
        )
    return count

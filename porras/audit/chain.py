"""Appending to, sealing, checkpointing, verifying and purging the access log.

- `append` adds a request's entries in one insert, inside the request's own
  transaction: no county-wide lock, and no response without its entries.
- `seal` gives unsealed entries, in id order, their place in the chain (`seq`) and
  an HMAC over their content and the previous entry's hash. One process seals at a
  time (the chain head row is the lock); the others skip, a batch is short.
- Checkpoints of the head go to a file outside the database (`PORRAS_AUDIT_CHECKPOINT_FILE`),
  each line keyed, so deleting the newest entries and moving the head back is found.
- `purge` removes only entries past the legal retention, and records the hash it
  cut at (keyed, and in the checkpoint file), so the chain still proves continuity.
- `verify` checks all of it and names the first thing that is wrong.
"""

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from porras.audit.models import AccessLogEntry, ChainHead, Purge, Review
from porras.core import clock, keyed

logger = logging.getLogger(__name__)

# 703/2023: access logs are kept 12 years; the database refuses to delete younger rows.
LEGAL_RETENTION_YEARS = 12
GENESIS = "0" * 64
SEAL_BATCH = 5000

HASHED_FIELDS = (
    "seq",
    "at",
    "county_id",
    "username",
    "user_name",
    "role",
    "organisation",
    "client_id",
    "subject_digest",
    "record_type",
    "purpose",
    "reason",
    "outcome",
    "flagged",
    "request_id",
    "ip",
    "path",
)


def _canonical(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return str(value)


def entry_mac(prev_hash: str, values: dict) -> str:
    canonical = json.dumps(
        {name: _canonical(values[name]) for name in HASHED_FIELDS},
        sort_keys=True,
        ensure_ascii=False,
    )
    return keyed.mac(f"entry:{prev_hash}:{canonical}")


def purge_mac(purge: Purge) -> str:
    return keyed.mac(
        "purge:"
        + json.dumps(
            [
                _canonical(purge.at),
                _canonical(purge.cutoff),
                purge.removed,
                purge.last_purged_seq,
                purge.last_purged_hash,
                purge.performed_by,
            ]
        )
    )


def append(entries: list[dict]) -> list[AccessLogEntry]:
    """Add entries, unsealed, in one insert (call inside the request's transaction)."""
    if not entries:
        return []
    now = clock.now()
    return AccessLogEntry.objects.bulk_create(
        [AccessLogEntry(**{**values, "at": values.get("at") or now}) for values in entries]
    )


def _lock_head(*, wait: bool) -> ChainHead | None:
    """The head, locked for this transaction; None when another process is sealing."""
    if not ChainHead.objects.filter(id=1).exists():
        try:
            with transaction.atomic():
                ChainHead.objects.create(id=1)
        except IntegrityError:
            pass  # created by a simultaneous sealer
    if connection.vendor == "sqlite":
        # SQLite has no row locks: a write takes the database's write lock now, so
        # two sealers never read the same unsealed entries.
        ChainHead.objects.filter(id=1).update(last_seq=F("last_seq"))
    return ChainHead.objects.select_for_update(skip_locked=not wait).filter(id=1).first()


def seal(*, wait: bool = False, batch: int = SEAL_BATCH, checkpoint: bool = False) -> int:
    """Seal the committed unsealed entries in id order; returns how many were sealed.

    With `wait=False` (after a request) it returns at once when another process
    is sealing: that one, or the next request, seals these entries too.
    """
    table = AccessLogEntry._meta.db_table
    total = 0
    while True:
        with transaction.atomic():
            head = _lock_head(wait=wait)
            if head is None:
                return total
            pending = list(AccessLogEntry.objects.filter(seq__isnull=True).order_by("id")[:batch])
            rows = []
            for entry in pending:
                head.last_seq += 1
                entry.seq = head.last_seq
                mac = entry_mac(head.last_hash, {n: getattr(entry, n) for n in HASHED_FIELDS})
                rows.append((entry.seq, head.last_hash, mac, entry.pk))
                head.last_hash = mac
            if rows:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET seq = %s, prev_hash = %s, entry_hash = %s "
                        "WHERE id = %s AND seq IS NULL",
                        rows,
                    )
                head.save(update_fields=["last_seq", "last_hash"])
            due = checkpoint or (rows and _checkpoint_due(head))
        total += len(rows)
        if due:
            write_checkpoint(head)
        if len(rows) < batch:
            return total


def _checkpoint_due(head: ChainHead) -> bool:
    if head.checkpointed_at is None:
        return True
    elapsed = (clock.now() - head.checkpointed_at).total_seconds()
    return elapsed >= settings.PORRAS_AUDIT_CHECKPOINT_SECONDS


# --- Checkpoints outside the database ---


def _checkpoint_line(record: dict) -> str:
    body = json.dumps(record, sort_keys=True)
    return json.dumps({**record, "mac": keyed.mac(f"checkpoint:{body}")}, sort_keys=True)


def _append_checkpoint(record: dict) -> bool:
    path = settings.PORRAS_AUDIT_CHECKPOINT_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(_checkpoint_line(record) + "\n")
    except OSError:
        logger.exception("could not write the access log checkpoint to %s", path)
        return False
    return True


def write_checkpoint(head: ChainHead) -> None:
    """Note the head outside the database (called after the sealing has committed)."""
    now = clock.now()
    record = {"kind": "head", "seq": head.last_seq, "hash": head.last_hash, "at": _canonical(now)}
    if _append_checkpoint(record):
        ChainHead.objects.filter(id=1).update(checkpointed_at=now)


@dataclass(frozen=True)
class Checkpoint:
    line: int
    kind: str
    seq: int
    hash: str
    at: str


class CheckpointTampered(Exception):
    pass


def read_checkpoints() -> list[Checkpoint]:
    path = settings.PORRAS_AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return []
    found = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                mac = record.pop("mac")
                body = json.dumps(record, sort_keys=True)
                valid = keyed.same(mac, keyed.mac(f"checkpoint:{body}"))
            except (ValueError, KeyError, AttributeError):
                valid = False
            if not valid:
                raise CheckpointTampered(
                    f"line {number} of the checkpoint file {path} was altered or forged"
                )
            seq = record.get("seq", record.get("last_seq"))
            found.append(Checkpoint(number, record["kind"], seq, record["hash"], record["at"]))
    return found


# --- Verification ---


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None
    warnings: list[str] = field(default_factory=list)
    since: int | None = None  # an incremental check began after this entry


def verify(*, full: bool = True) -> VerifyResult:
    """Check the chain, its head, its purges and the checkpoints outside the database.

    `full` checks every entry. Otherwise the check starts after the newest entry an
    earlier verification vouched for (its `verified` checkpoint, keyed like the others,
    and that entry's own key check and hash): a day's entries take seconds however long
    the log. Changes to entries before that point are found only by a full check: run
    one regularly and for audits."""
    seal(wait=True)
    try:
        checkpoints = read_checkpoints()
    except CheckpointTampered as error:
        return VerifyResult(False, 0, str(error))
    # The lines sealing and purging wrote (a verification's own lines prove nothing of them).
    written = [c for c in checkpoints if c.kind != "verified"]
    purges = list(Purge.objects.order_by("last_purged_seq"))
    for purge in purges:
        if not keyed.same(purge.mac, purge_mac(purge)):
            return VerifyResult(
                False,
                0,
                f"the purge record of {purge.at:%Y-%m-%d %H:%M} was not made by "
                "'porras audit purge' (its key check fails): entries were removed by hand",
                purge.last_purged_seq,
            )
    purge_lines = {(c.seq, c.hash) for c in checkpoints if c.kind == "purge"}
    for purge in purges:
        if written and (purge.last_purged_seq, purge.last_purged_hash) not in purge_lines:
            return VerifyResult(
                False,
                0,
                f"the purge of {purge.at:%Y-%m-%d %H:%M} up to entry {purge.last_purged_seq} "
                "is not in the checkpoint file: it was made in the database, not by "
                "'porras audit purge'",
                purge.last_purged_seq,
            )
    last_purge = purges[-1] if purges else None
    expected = (last_purge.last_purged_seq if last_purge else 0) + 1
    prev = last_purge.last_purged_hash if last_purge else GENESIS
    since = None
    if not full:
        vouched = max(
            (c for c in checkpoints if c.kind == "verified" and c.seq >= expected),
            key=lambda c: c.seq,
            default=None,
        )
        if vouched is not None:
            entry = AccessLogEntry.objects.filter(seq=vouched.seq).first()
            values = entry and {name: getattr(entry, name) for name in HASHED_FIELDS}
            if (
                entry is None
                or entry.entry_hash != vouched.hash
                or not keyed.same(entry.entry_hash, entry_mac(entry.prev_hash, values))
            ):
                return VerifyResult(
                    False,
                    0,
                    f"entry {vouched.seq} is not the one the verification of {vouched.at} "
                    "vouched for: the chain was rewritten or cut before it",
                    vouched.seq,
                )
            since, expected, prev = vouched.seq, vouched.seq + 1, vouched.hash
    seen_at = {c.seq: c for c in checkpoints if c.kind == "head" and c.seq >= expected}
    checked = 0
    entries = AccessLogEntry.objects.filter(seq__gte=expected).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        if entry.seq != expected:
            return VerifyResult(
                False,
                checked,
                f"entries {expected}–{entry.seq - 1} are missing: removed from the log",
                expected,
            )
        if entry.prev_hash != prev:
            return VerifyResult(
                False,
                checked,
                f"entry {entry.seq} does not follow the entry before it: "
                "an entry before it was changed or replaced",
                entry.seq,
            )
        values = {name: getattr(entry, name) for name in HASHED_FIELDS}
        if not keyed.same(entry.entry_hash, entry_mac(prev, values)):
            return VerifyResult(
                False,
                checked,
                f"entry {entry.seq}: its content was changed (or its hash recomputed "
                "without the audit key)",
                entry.seq,
            )
        checkpoint = seen_at.get(entry.seq)
        if checkpoint is not None and checkpoint.hash != entry.entry_hash:
            return VerifyResult(
                False,
                checked,
                f"entry {entry.seq} is not the one the checkpoint of {checkpoint.at} saw: "
                "the chain was rewritten after it",
                entry.seq,
            )
        prev = entry.entry_hash
        expected += 1
        checked += 1
    last_seq = expected - 1
    newest = max((c for c in checkpoints if c.kind == "head"), key=lambda c: c.seq, default=None)
    if newest is not None and newest.seq > last_seq:
        return VerifyResult(
            False,
            checked,
            f"the newest entries are missing: the checkpoint of {newest.at} saw entry "
            f"{newest.seq}, but the log ends at entry {last_seq}",
            last_seq + 1,
        )
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and head.checkpointed_at and not written:
        return VerifyResult(
            False,
            checked,
            f"checkpoints were written (the last at {head.checkpointed_at:%Y-%m-%d %H:%M}), "
            f"but {settings.PORRAS_AUDIT_CHECKPOINT_FILE} has none: it was removed or emptied",
        )
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev):
        return VerifyResult(
            False,
            checked,
            f"the chain head says entry {head.last_seq}, but the log ends at entry {last_seq}: "
            "the newest entries are missing or the head was moved",
            last_seq + 1,
        )
    warnings = []
    if checked and not written:
        warnings.append(
            f"no checkpoints in {settings.PORRAS_AUDIT_CHECKPOINT_FILE}: removal of the newest "
            "entries cannot be detected until one is written ('porras audit seal')"
        )
    if last_seq:
        # What this check vouches for: the next incremental one starts after it.
        _append_checkpoint(
            {"kind": "verified", "seq": last_seq, "hash": prev, "at": _canonical(clock.now())}
        )
    return VerifyResult(True, checked, warnings=warnings, since=since)


# --- Retention ---


def retention_cutoff(years: int) -> dt.datetime:
    now = clock.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def purge_older_than(*, years: int, performed_by: str) -> int:
    """Remove the oldest entries past `years` of retention, keeping the chain provable.

    Only a run of the oldest sealed entries, all older than the cutoff, goes; the
    purge record keeps the hash it cut at (keyed) and goes to the checkpoint file.
    """
    if years < LEGAL_RETENTION_YEARS:
        raise ValueError(f"access logs are kept at least {LEGAL_RETENTION_YEARS} years")
    cutoff = retention_cutoff(years)
    seal(wait=True)
    table = AccessLogEntry._meta.db_table
    with transaction.atomic():
        _lock_head(wait=True)
        sealed = AccessLogEntry.objects.filter(seq__isnull=False)
        first_kept = (
            sealed.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        )
        doomed = sealed.filter(at__lt=cutoff)
        if first_kept is not None:
            doomed = doomed.filter(seq__lt=first_kept)
        last = doomed.order_by("-seq").first()
        if last is None:
            return 0
        count = doomed.count()
        Review.objects.filter(entry__seq__lte=last.seq).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE seq <= %s", [last.seq])
        purge = Purge(
            at=clock.now(),
            cutoff=cutoff,
            removed=count,
            last_purged_seq=last.seq,
            last_purged_hash=last.entry_hash,
            performed_by=performed_by,
        )
        purge.mac = purge_mac(purge)
        purge.save()
    if not _append_checkpoint(
        {
            "kind": "purge",
            "last_seq": purge.last_purged_seq,
            "hash": purge.last_purged_hash,
            "at": _canonical(purge.at),
        }
    ):
        logger.error("the purge was not written to the checkpoint file: verify will report it")
    return count

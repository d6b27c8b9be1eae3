"""The access log is append-only and chained with a key; every attack on it is found and named.

The attacks are made as their authors would: a database role that may write the
tables (but, past the trigger, only by switching it off as the table owner), and a
table owner who can rewrite rows but does not hold the audit key or the checkpoint
storage outside the database.
"""

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from porras.audit import chain, guards
from porras.audit.models import AccessLogEntry, AppendOnlyError, ChainHead, Purge


@pytest.fixture
def author(db):
    """The chain's tests need one worker of one county, and a chain of their own."""
    from types import SimpleNamespace

    from porras.synth.factories import WorkerFactory

    counsellor = WorkerFactory(username="lokittaja", role="counsellor")
    return SimpleNamespace(counsellor=counsellor, county=counsellor.county)


def make_entries(author, count, at=None, seal=True):
    written = chain.append(
        [
            {
                "user": author.counsellor,
                "username": author.counsellor.username,
                "user_name": "Olli",
                "role": "counsellor",
                "organisation": "Testi",
                "county_id": author.county.pk,
                "client_id": uuid.uuid4(),
                "record_type": "client.detail",
                "purpose": "responsible",
                "outcome": "granted",
                "reason": "",
                "flagged": False,
                "request_id": f"request-{n:04d}",
                "ip": "10.0.0.1",
                "path": "/clients/x/",
                **({"at": at} if at else {}),
            }
            for n in range(count)
        ]
    )
    if seal:
        chain.seal(wait=True)
    return list(AccessLogEntry.objects.filter(pk__in=[e.pk for e in written]).order_by("seq"))


def as_table_owner(sql, params=()):
    """Tamper past the application and past the database's guard, as only the owner can."""
    table = AccessLogEntry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for drop in guards.SQLITE_DROP:
                cursor.execute(drop)
        cursor.execute(sql.format(table=table), params)


def verify_command():
    try:
        call_command("audit", "verify", "--full")
    except CommandError as error:
        return str(error)
    return "ok"


def test_intact_chain_verifies_and_is_checkpointed_outside_the_database(author, audit_checkpoints):
    make_entries(author, 5)
    call_command("audit", "seal")
    assert verify_command() == "ok"
    lines = [json.loads(line) for line in audit_checkpoints.read_text().splitlines()]
    last_seq = ChainHead.objects.get().last_seq
    assert lines[-2]["kind"] == "head" and lines[-2]["seq"] == last_seq
    # The verification notes what it vouched for: the next one goes on from there.
    assert lines[-1]["kind"] == "verified" and lines[-1]["seq"] == last_seq


def test_entries_wait_unsealed_until_sealing_gives_them_their_place(author):
    before = ChainHead.objects.get().last_seq
    written = make_entries(author, 3, seal=False)
    assert all(entry.seq is None and entry.entry_hash == "" for entry in written)
    assert chain.seal(wait=True) == 3
    sealed = AccessLogEntry.objects.filter(pk__in=[e.pk for e in written]).order_by("id")
    assert list(sealed.values_list("seq", flat=True)) == [before + 1, before + 2, before + 3]
    assert ChainHead.objects.get().last_seq == before + 3


def test_changed_row_is_named(author):
    entries = make_entries(author, 5)
    as_table_owner("UPDATE {table} SET purpose = %s WHERE id = %s", ["none", entries[2].pk])
    assert f"entry {entries[2].seq}: its content was changed" in verify_command()


def test_rewritten_chain_without_the_key_is_found(author):
    """The owner rewrites an entry and recomputes every hash after it, as the old unkeyed
    chain allowed: without the key the hashes cannot match."""
    entries = make_entries(author, 4)
    prev = entries[0].entry_hash
    for entry in entries[1:]:
        forged = hashlib.sha256((prev + f"forged {entry.seq}").encode()).hexdigest()
        as_table_owner(
            "UPDATE {table} SET purpose = 'none', prev_hash = %s, entry_hash = %s WHERE id = %s",
            [prev, forged, entry.pk],
        )
        prev = forged
    as_table_owner("UPDATE audit_chainhead SET last_hash = %s", [prev])
    assert f"entry {entries[1].seq}: its content was changed" in verify_command()


def test_deleted_row_is_found(author):
    entries = make_entries(author, 5)
    as_table_owner("DELETE FROM {table} WHERE id = %s", [entries[2].pk])
    assert f"entries {entries[2].seq}–{entries[2].seq} are missing" in verify_command()


def test_newest_entries_deleted_and_head_moved_back_are_found_by_the_checkpoint(author):
    entries = make_entries(author, 5)
    call_command("audit", "seal")  # the checkpoint outside the database saw entry 5
    as_table_owner("DELETE FROM {table} WHERE seq > %s", [entries[2].seq])
    as_table_owner(
        "UPDATE audit_chainhead SET last_seq = %s, last_hash = %s",
        [entries[2].seq, entries[2].entry_hash],
    )
    message = verify_command()
    assert "the newest entries are missing" in message
    assert f"saw entry {entries[4].seq}, but the log ends at entry {entries[2].seq}" in message


def test_replaced_newest_entries_are_found_by_the_checkpoint(author):
    """After moving the head back, new entries take the removed places: still found."""
    entries = make_entries(author, 5)
    call_command("audit", "seal")
    as_table_owner("DELETE FROM {table} WHERE seq > %s", [entries[2].seq])
    as_table_owner(
        "UPDATE audit_chainhead SET last_seq = %s, last_hash = %s",
        [entries[2].seq, entries[2].entry_hash],
    )
    make_entries(author, 2)
    assert f"entry {entries[4].seq} is not the one the checkpoint" in verify_command()


def test_forged_retention_purge_of_this_mornings_entries_is_found(author):
    entries = make_entries(author, 5)
    as_table_owner("DELETE FROM {table} WHERE seq <= %s", [entries[2].seq])
    Purge.objects.create(
        at=entries[0].at,
        cutoff=entries[0].at,
        removed=3,
        last_purged_seq=entries[2].seq,
        last_purged_hash=entries[2].entry_hash,
        performed_by="porras audit purge",
        mac="0" * 64,
    )
    assert "was not made by 'porras audit purge'" in verify_command()


def test_purge_made_with_the_key_but_not_in_the_checkpoints_is_found(author):
    """Even someone holding the key cannot purge unnoticed past the checkpoint storage."""
    entries = make_entries(author, 5)
    call_command("audit", "seal")
    as_table_owner("DELETE FROM {table} WHERE seq <= %s", [entries[2].seq])
    purge = Purge(
        at=entries[0].at,
        cutoff=entries[0].at,
        removed=3,
        last_purged_seq=entries[2].seq,
        last_purged_hash=entries[2].entry_hash,
        performed_by="porras audit purge",
    )
    purge.mac = chain.purge_mac(purge)
    purge.save()
    assert "is not in the checkpoint file" in verify_command()


def test_altered_checkpoint_file_is_found(author, audit_checkpoints):
    make_entries(author, 2)
    call_command("audit", "seal")
    line = json.loads(audit_checkpoints.read_text().splitlines()[0])
    line["seq"] += 1
    audit_checkpoints.write_text(json.dumps(line) + "\n")
    assert "line 1 of the checkpoint file" in verify_command()


def test_removed_checkpoint_file_is_found(author, audit_checkpoints):
    make_entries(author, 2)
    call_command("audit", "seal")
    audit_checkpoints.unlink()
    assert "has none: it was removed or emptied" in verify_command()


def test_verify_warns_while_no_checkpoint_can_be_written(author, settings, capsys):
    settings.PORRAS_AUDIT_CHECKPOINT_FILE = Path("/proc/no-such-dir/checkpoints.jsonl")
    make_entries(author, 2)
    call_command("audit", "verify")
    assert "no checkpoints" in capsys.readouterr().err


def test_application_refuses_changes(author):
    entry = make_entries(author, 1)[0]
    entry.purpose = "none"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(purpose="none")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET purpose = 'none' WHERE id = %s",
        "UPDATE {table} SET seq = seq + 100, entry_hash = 'x' WHERE id = %s",
        "DELETE FROM {table} WHERE id = %s",
    ],
)
def test_the_database_refuses_changes_and_young_deletions(author, sql):
    """Past the application: the trigger refuses any change of a sealed entry and any
    deletion of an entry younger than the legal retention, on SQLite and PostgreSQL."""
    entry = make_entries(author, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL porras.audit_purge = 'on'")  # the old switch: gone
        cursor.execute(sql.format(table=AccessLogEntry._meta.db_table), [entry.pk])


def test_the_database_refuses_to_seal_an_entry_twice_or_change_it_while_sealing(author):
    entry = make_entries(author, 1, seal=False)[0]
    table = AccessLogEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET seq = 1, entry_hash = 'x', purpose = 'none' WHERE id = %s",
            [entry.pk],
        )
    chain.seal(wait=True)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = 7 WHERE id = %s", [entry.pk])


def test_purge_removes_old_entries_and_keeps_the_chain_verifiable(author, frozen_clock):
    old = make_entries(author, 3, at=frozen_clock - dt.timedelta(days=365 * 13))
    recent = make_entries(author, 2)
    call_command("audit", "seal")
    call_command("audit", "purge")
    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [e.seq for e in recent]
    purge = Purge.objects.get()
    assert purge.removed == 3 and purge.last_purged_seq == old[-1].seq
    assert verify_command() == "ok"
    assert ChainHead.objects.get().last_seq == recent[-1].seq


def test_purge_with_nothing_old_does_nothing(author):
    make_entries(author, 2)
    before = AccessLogEntry.objects.count()
    call_command("audit", "purge", "--years", "12")
    assert AccessLogEntry.objects.count() == before and not Purge.objects.exists()


def test_purge_under_the_legal_retention_is_refused(author):
    with pytest.raises(CommandError, match="at least 12 years"):
        call_command("audit", "purge", "--years", "3")


def test_command_exit_code(author, tmp_path):
    import subprocess
    import sys

    if connection.vendor != "sqlite":
        pytest.skip("the subprocess reads the SQLite file; PostgreSQL is covered above")
    porras = str(Path(sys.executable).with_name("porras"))
    tmp_path = tmp_path / "instance"  # its own data directory and checkpoint file
    tmp_path.mkdir()
    env = {"PORRAS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [porras, "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode != 0  # no tables yet: a failure is a failure, not a pass
    subprocess.run([porras, "migrate", "-v0"], env=env, cwd=tmp_path, check=True, timeout=300)
    ok = subprocess.run(
        [porras, "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert ok.returncode == 0 and "intact" in ok.stdout
    import sqlite3

    database = sqlite3.connect(tmp_path / "porras.sqlite3")
    database.execute("UPDATE audit_chainhead SET last_seq = 4, last_hash = 'f00'")
    database.commit()
    broken = subprocess.run(
        [porras, "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert broken.returncode == 1
    assert "the chain head says entry 4, but the log ends at entry 0" in broken.stderr


def incremental_verify() -> str:
    """`porras audit verify` as the nightly timer runs it: from the last verified entry."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return str(error)
    return out.getvalue()


def test_verify_goes_on_from_the_last_verified_entry(author):
    make_entries(author, 30)
    assert "30 entries verified." in incremental_verify()  # the first check is whole
    make_entries(author, 5)
    assert "5 entries verified after entry 30." in incremental_verify()
    assert "0 entries verified after entry 35." in incremental_verify()
    # A change after the vouched point is found by the incremental check.
    make_entries(author, 3)
    as_table_owner("UPDATE {table} SET purpose = 'none' WHERE seq = 37")
    assert "entry 37: its content was changed" in incremental_verify()


def test_a_change_before_the_vouched_point_needs_the_full_check(author):
    make_entries(author, 20)
    incremental_verify()
    as_table_owner("UPDATE {table} SET purpose = 'none' WHERE seq = 5")
    # Vouched for already: the nightly check does not read it again; the full one does.
    assert "0 entries verified after entry 20." in incremental_verify()
    assert "entry 5: its content was changed" in verify_command()


def test_rewriting_the_vouched_entry_is_found(author):
    make_entries(author, 10)
    incremental_verify()
    as_table_owner("UPDATE {table} SET purpose = 'none' WHERE seq = 10")
    assert "entry 10 is not the one the verification" in incremental_verify()
    as_table_owner("DELETE FROM {table} WHERE seq = 10")
    assert "entry 10 is not the one the verification" in incremental_verify()

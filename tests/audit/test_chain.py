"""The access log is append-only and hash-chained; tampering is found and named."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from porras.audit import chain
from porras.audit.models import AccessLogEntry, AppendOnlyError, ChainHead, Purge


def make_entries(org, count, at=None):
    return chain.append(
        [
            {
                "user": org.counsellor,
                "username": org.counsellor.username,
                "user_name": "Olli",
                "role": "counsellor",
                "organisation": "Testi",
                "client_id": uuid.uuid4(),
                "record_type": "client.detail",
                "purpose": "responsible",
                "outcome": "granted",
                "reason": "",
                "flagged": False,
                "request_id": f"r{n}",
                "ip": "10.0.0.1",
                "path": "/clients/x/",
                **({"at": at} if at else {}),
            }
            for n in range(count)
        ]
    )


def raw_sql(sql, params):
    """Tamper 'by hand', past the application (and past PostgreSQL's trigger)."""
    table = AccessLogEntry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser could do: switch triggers off for the transaction.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql.format(table=table), params)


def verify_command():
    try:
        call_command("audit", "verify")
    except CommandError as error:
        return str(error)
    return "ok"


def test_intact_chain_verifies(org):
    make_entries(org, 5)
    assert verify_command() == "ok"


def test_changed_row_is_named(org):
    entries = make_entries(org, 5)
    raw_sql("UPDATE {table} SET purpose = %s WHERE id = %s", ["stated_reason", entries[2].pk])
    assert verify_command().startswith(f"Access log chain broken at entry {entries[2].pk}")


def test_deleted_row_is_found(org):
    entries = make_entries(org, 5)
    raw_sql("DELETE FROM {table} WHERE id = %s", [entries[2].pk])
    assert verify_command().startswith(f"Access log chain broken at entry {entries[3].pk}")


def test_deleted_last_row_is_found(org):
    entries = make_entries(org, 3)
    raw_sql("DELETE FROM {table} WHERE id = %s", [entries[2].pk])
    assert f"entry {entries[2].pk}" in verify_command()


def test_command_exit_code(org, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    if connection.vendor != "sqlite":
        pytest.skip("the subprocess reads the SQLite file; PostgreSQL is covered above")
    make_entries(org, 1)
    porras = str(Path(sys.executable).with_name("porras"))
    # The test database is in memory: the subprocess checks an empty, intact chain.
    result = subprocess.run(
        [porras, "audit", "verify"],
        capture_output=True,
        text=True,
        env={"PORRAS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode != 0  # no tables yet: a failure is a failure, not a pass
    subprocess.run(
        [porras, "migrate", "-v0"],
        env={"PORRAS_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    ok = subprocess.run(
        [porras, "audit", "verify"],
        capture_output=True,
        text=True,
        env={"PORRAS_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        timeout=120,
    )
    assert ok.returncode == 0 and "intact" in ok.stdout


def test_application_refuses_changes(org):
    entry = make_entries(org, 1)[0]
    entry.purpose = "none"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(purpose="none")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


def test_postgresql_refuses_changes_in_the_database(org):
    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard is PostgreSQL's")
    from django.db import DatabaseError

    entry = make_entries(org, 1)[0]
    table = AccessLogEntry._meta.db_table
    for sql in (
        f"UPDATE {table} SET purpose = 'none' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])


def test_purge_removes_old_entries_and_keeps_the_chain_verifiable(org, frozen_clock):
    old = make_entries(org, 3, at=frozen_clock - dt.timedelta(days=365 * 13))
    recent = make_entries(org, 2)
    call_command("audit", "purge")
    assert list(AccessLogEntry.objects.values_list("id", flat=True)) == [e.pk for e in recent]
    purge = Purge.objects.get()
    assert purge.removed == 3 and purge.last_purged_id == old[-1].pk
    assert verify_command() == "ok"
    assert ChainHead.objects.get().last_entry_id == recent[-1].pk


def test_purge_with_nothing_old_does_nothing(org):
    make_entries(org, 2)
    call_command("audit", "purge", "--years", "12")
    assert AccessLogEntry.objects.count() == 2 and not Purge.objects.exists()

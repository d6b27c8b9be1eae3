"""Reports read from a replica when one is configured: the figures and the officer's
search go there on GET, everything else (and every write) to the primary."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from porras.core import routers
from porras.core.routers import REPLICA, ReplicaRouter, read_alias, reporting


@pytest.fixture
def replica(transactional_db):
    """A second connection to the same (test) database, standing in for the replica.
    Added after the test's database set-up, which would otherwise forbid it."""
    connections.settings[REPLICA] = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    if connection.vendor == "postgresql":
        # Connected here: the test case refuses to open a connection it was not told of.
        connections[REPLICA].connect()
    yield REPLICA
    if REPLICA in connections:
        connections[REPLICA].close()
        del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_everything_reads_the_primary():
    assert not routers.replica_configured()
    with reporting():
        assert read_alias() == DEFAULT_DB_ALIAS


def test_with_a_replica_only_reports_read_it(replica):
    router = ReplicaRouter()
    assert read_alias() == DEFAULT_DB_ALIAS
    with reporting():
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) == DEFAULT_DB_ALIAS
    assert router.db_for_read(None) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "eventlog")
    assert not router.allow_migrate(REPLICA, "eventlog")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_the_figures_and_the_officers_search_read_the_replica(replica, org, case, login, client):
    if connection.vendor != "postgresql":
        pytest.skip("a second connection to SQLite's in-memory test database sees nothing")
    primary = connections[DEFAULT_DB_ALIAS]
    browser = login(org.manager)
    with (
        CaptureQueriesContext(connections[REPLICA]) as read,
        CaptureQueriesContext(primary) as main,
    ):
        assert browser.get("/insight/").status_code == 200
        assert browser.get("/api/v1/insight/flow/").status_code == 200
    replica_sql = " ".join(q["sql"] for q in read.captured_queries)
    assert "eventlog_event" in replica_sql and "insight_" in replica_sql
    assert not _writes(read.captured_queries)
    # The weekly table's figures are the primary's: the same numbers as without a replica.
    assert "eventlog_event" not in " ".join(q["sql"] for q in main.captured_queries)

    # A worker's own page reads the primary, so they see what they just saved.
    with CaptureQueriesContext(connections[REPLICA]) as read:
        assert browser.get("/cases/mine/").status_code == 200
    assert read.captured_queries == []

    client.logout()
    officer = login(org.data_protection)
    with (
        CaptureQueriesContext(connections[REPLICA]) as read,
        CaptureQueriesContext(primary) as main,
    ):
        page = officer.get(f"/audit/?client={case.client_id}")
        assert page.status_code == 200 and "Testinen Liisa" in page.content.decode()
    assert "audit_accesslogentry" in " ".join(q["sql"] for q in read.captured_queries)
    assert not _writes(read.captured_queries)
    # The officer's own reading is logged on the primary.
    assert any("audit_accesslogentry" in sql for sql in _writes(main.captured_queries))
    # A posted search reads the primary.
    with CaptureQueriesContext(connections[REPLICA]) as read:
        officer.post("/audit/", {"username": org.manager.username})
    assert read.captured_queries == []

"""Reports read from a replica when one is configured (`REPLICA_DATABASE_URL`).

The figures and the data protection officer's search of the access log are the heaviest
reads and may be a few seconds behind the primary; everything else reads and writes the
primary, so a worker always sees what they have just saved. A view opts in with
`reads_from_replica`; raw SQL of such a view asks `read_alias()` for its connection.
"""

import contextvars
from contextlib import contextmanager
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reporting: contextvars.ContextVar[bool] = contextvars.ContextVar("porras_reporting", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """Where a read made now goes: the replica inside a report, else the primary."""
    return REPLICA if _reporting.get() and replica_configured() else DEFAULT_DB_ALIAS


@contextmanager
def reporting():
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reads_from_replica(view):
    """Run a report view's reads on the replica when it is asked with GET (its writes stay
    on the primary; the access-log entries of the request are written after the view, on
    the primary). A POST reads the primary: it may act on what it reads."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request = next(a for a in args if hasattr(a, "method"))  # a function or a method
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        with reporting():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same database, one of them a copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a streaming replica follows the primary

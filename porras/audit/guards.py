"""The database's own guard on the access log (PostgreSQL and SQLite alike).

An entry may be sealed once (its `seq`, `prev_hash` and `entry_hash` set while
nothing else changes), never changed after; only an entry older than the legal
retention (12 years, 703/2023) may be deleted, whoever asks.
"""

PG_CREATE = """
CREATE OR REPLACE FUNCTION porras_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'entry_hash')
           = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'entry_hash') THEN
      RETURN NEW;  -- sealing, once
    END IF;
    RAISE EXCEPTION 'The access log is append-only (UPDATE refused)';
  END IF;
  IF OLD.at < now() - interval '12 years' THEN
    RETURN OLD;  -- past the legal retention
  END IF;
  RAISE EXCEPTION 'The access log is append-only (DELETE of an entry under 12 years old refused)';
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
CREATE TRIGGER audit_accesslogentry_append_only
  BEFORE UPDATE OR DELETE ON audit_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION porras_audit_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS porras_audit_append_only();
"""

# Every column but the seal's: sealing may not change any of them.
_UNSEALED_COLUMNS = (
    "at", "county_id", "user_id", "username", "user_name", "role", "organisation",
    "client_id", "subject_digest", "record_type", "purpose", "reason", "outcome",
    "flagged", "request_id", "ip", "path",
)  # fmt: skip
SQLITE_CREATE = [
    "CREATE TRIGGER IF NOT EXISTS audit_accesslogentry_no_update "
    "BEFORE UPDATE ON audit_accesslogentry "
    "WHEN NOT (OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.id IS OLD.id AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _UNSEALED_COLUMNS)
    + ") BEGIN SELECT RAISE(ABORT, 'The access log is append-only (UPDATE refused)'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_accesslogentry_no_delete "
    "BEFORE DELETE ON audit_accesslogentry "
    "WHEN OLD.at >= datetime('now', '-12 years') "
    "BEGIN SELECT RAISE(ABORT, "
    "'The access log is append-only (DELETE of an entry under 12 years old refused)'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_delete",
]


def create(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_CREATE)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_DROP)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)

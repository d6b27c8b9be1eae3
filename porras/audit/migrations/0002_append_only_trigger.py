"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log.

Only `porras audit purge` may delete, by setting porras.audit_purge in its
transaction. (SQLite has no such guard; the application refuses there too.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION porras_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('porras.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_append_only
  BEFORE UPDATE OR DELETE ON audit_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION porras_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS porras_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

"""The keyed chain: entries append unsealed and are sealed in order with an HMAC.

Existing entries are checked against their old (unkeyed) chain, given their
place (`seq`) and county, and sealed again with the audit key. The database
guard is replaced: an entry may be sealed once, and only entries older than the
legal retention may be deleted (PostgreSQL and SQLite alike).
"""

import hashlib
import json

from django.db import migrations, models

OLD_FIELDS = (
    "at", "username", "user_name", "role", "organisation", "client_id", "record_type",
    "purpose", "reason", "outcome", "flagged", "request_id", "ip", "path",
)


def drop_guards(apps, schema_editor):
    from porras.audit import guards

    guards.drop(schema_editor.connection)


def create_guards(apps, schema_editor):
    from porras.audit import guards

    guards.create(schema_editor.connection)


def _old_digest(prev, entry):
    canonical = json.dumps(
        {
            name: str(getattr(entry, name)) if getattr(entry, name) is not None else None
            for name in OLD_FIELDS
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


def reseal(apps, schema_editor):
    """Prove the old chain, then seal every entry again under the audit key."""
    from porras.audit.chain import GENESIS, HASHED_FIELDS, entry_mac

    Entry = apps.get_model("audit", "AccessLogEntry")
    Head = apps.get_model("audit", "ChainHead")
    Purge = apps.get_model("audit", "Purge")
    Worker = apps.get_model("people", "Worker")
    counties = dict(Worker.objects.values_list("pk", "county_id"))
    purge = Purge.objects.order_by("-last_purged_seq").first()
    old_prev = purge.last_purged_hash if purge else "0" * 64
    prev, seq = GENESIS, 0
    table = Entry._meta.db_table
    rows = []
    for entry in Entry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != old_prev or _old_digest(old_prev, entry) != entry.entry_hash:
            raise RuntimeError(
                f"The access log's chain is broken at entry {entry.pk}: investigate before "
                "migrating (porras audit verify on the previous version names it)."
            )
        old_prev = entry.entry_hash
        seq += 1
        entry.seq = seq
        entry.county_id = counties.get(entry.user_id)
        mac = entry_mac(prev, {name: getattr(entry, name) for name in HASHED_FIELDS})
        rows.append((seq, entry.county_id, prev, mac, entry.pk))
        prev = mac
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, county_id = %s, prev_hash = %s, entry_hash = %s "
            "WHERE id = %s",
            rows,
        )
    Head.objects.update_or_create(id=1, defaults={"last_seq": seq, "last_hash": prev})
    # Earlier purges cannot be proven under the new key: they start the chain afresh.
    Purge.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("people", "0003_alter_worker_role"),
    ]

    operations = [
        migrations.RunPython(drop_guards, create_guards),
        migrations.RemoveIndex(model_name="accesslogentry", name="audit_acces_flagged_3eb88a_idx"),
        migrations.AddField(
            model_name="accesslogentry",
            name="county_id",
            field=models.UUIDField(db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="subject_digest",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="client_id",
            field=models.UUIDField(db_index=True, null=True, verbose_name="client"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="entry_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                fields=["county_id", "flagged", "at"], name="audit_entry_county_flag_at"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                fields=["county_id", "username", "at"], name="audit_entry_county_user_at"
            ),
        ),
        migrations.RemoveField(model_name="chainhead", name="last_entry_id"),
        migrations.AddField(
            model_name="chainhead", name="last_seq", field=models.BigIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="chainhead", name="checkpointed_at", field=models.DateTimeField(null=True)
        ),
        migrations.RenameField(
            model_name="purge", old_name="last_purged_id", new_name="last_purged_seq"
        ),
        migrations.AddField(
            model_name="purge",
            name="mac",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
        migrations.RunPython(create_guards, drop_guards),
    ]

from django.db import migrations, models


def each_process_its_own_lineage(apps, schema_editor):
    """Processes made before versions existed each start a lineage of their own."""
    Process = apps.get_model("handbook", "Process")
    for process in Process.objects.only("pk"):
        Process.objects.filter(pk=process.pk).update(lineage=process.pk)


class Migration(migrations.Migration):
    dependencies = [("handbook", "0003_documents_notes_versions")]

    operations = [
        migrations.RunPython(each_process_its_own_lineage, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="process",
            constraint=models.UniqueConstraint(
                fields=("lineage", "version"), name="handbook_process_version_once"
            ),
        ),
    ]

"""The assembly mark, starting where every loaded line is already assembled."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Max


def mark_loaded_lines_assembled(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Before this migration every batch was assembled in the transaction that stored it.
    line_model = apps.get_model("stats", "QueueLogLine")
    mark_model = apps.get_model("stats", "AssemblyMark")
    for row in line_model.objects.values("server").annotate(last=Max("id")):
        mark_model.objects.create(server=row["server"], line_id=row["last"])


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_loading_indexes")]

    operations = [
        migrations.CreateModel(
            name="AssemblyMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("server", models.CharField(max_length=64, unique=True)),
                ("line_id", models.BigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(mark_loaded_lines_assembled, migrations.RunPython.noop),
    ]

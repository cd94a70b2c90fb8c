"""Directories that existed before communications get the default escalation ladder (new ones get it on creation)."""

from django.db import migrations

# Copied from communications.services.DEFAULT_LADDER as it was when written (migrations must not change).
LADDER = (("diplomatic", 0), ("coordinator", 24))


def install(apps, schema_editor):
    Directory = apps.get_model("directory", "Directory")
    EscalationStep = apps.get_model("communications", "EscalationStep")
    for directory_id in Directory.objects.values_list("pk", flat=True):
        if not EscalationStep.objects.filter(directory_id=directory_id).exists():
            EscalationStep.objects.bulk_create(
                EscalationStep(directory_id=directory_id, position=position, target=target, delay_hours=delay)
                for position, (target, delay) in enumerate(LADDER, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("communications", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

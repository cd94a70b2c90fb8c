"""Each directory's deadlines, kept until now as its own columns, become its communication deadlines (and back)."""

from django.db import migrations

FIELDS = ("acknowledgement_hours", "answer_days")


def copy_from_directories(apps, schema_editor):
    Directory = apps.get_model("directory", "Directory")
    Deadlines = apps.get_model("communications", "Deadlines")
    Deadlines.objects.bulk_create(
        Deadlines(directory_id=row["pk"], **{name: row[name] for name in FIELDS})
        for row in Directory.objects.values("pk", *FIELDS)
    )


def copy_to_directories(apps, schema_editor):
    Directory = apps.get_model("directory", "Directory")
    Deadlines = apps.get_model("communications", "Deadlines")
    for deadlines in Deadlines.objects.all():
        Directory.objects.filter(pk=deadlines.directory_id).update(
            **{name: getattr(deadlines, name) for name in FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [("communications", "0008_deadlines")]
    # The directory's columns are read here before its migration removes them.
    run_before = [("directory", "0015_rules_kept_by_features")]

    operations = [migrations.RunPython(copy_from_directories, copy_to_directories)]

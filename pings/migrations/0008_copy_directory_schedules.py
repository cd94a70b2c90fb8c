"""Each directory's ping test rules, kept until now as its own columns, become its ping test schedule (and back)."""

from django.db import migrations

FIELDS = ("ping_interval_months", "ping_round_days", "ping_reminder_days")


def copy_from_directories(apps, schema_editor):
    Directory = apps.get_model("directory", "Directory")
    PingSchedule = apps.get_model("pings", "PingSchedule")
    PingSchedule.objects.bulk_create(
        PingSchedule(directory_id=row["pk"], **{name: row[name] for name in FIELDS})
        for row in Directory.objects.values("pk", *FIELDS)
    )


def copy_to_directories(apps, schema_editor):
    Directory = apps.get_model("directory", "Directory")
    PingSchedule = apps.get_model("pings", "PingSchedule")
    for schedule in PingSchedule.objects.all():
        Directory.objects.filter(pk=schedule.directory_id).update(**{name: getattr(schedule, name) for name in FIELDS})


class Migration(migrations.Migration):
    dependencies = [("pings", "0007_pingschedule")]
    # The directory's columns are read here before its migration removes them.
    run_before = [("directory", "0015_rules_kept_by_features")]

    operations = [migrations.RunPython(copy_from_directories, copy_to_directories)]

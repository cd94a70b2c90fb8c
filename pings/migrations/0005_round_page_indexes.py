from django.db import migrations, models

# The latest answers first, the unanswered last: NULLS LAST in an index is PostgreSQL's (SQLite has none,
# and there the round's page sorts without it).
LATEST_ANSWERS = (
    'CREATE INDEX "ping_round_answered" ON "pings_ping" ("round_id", "answered_at" DESC NULLS LAST, "id" DESC)'
)


def create_latest_answers_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LATEST_ANSWERS)


def drop_latest_answers_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "ping_round_answered"')


class Migration(migrations.Migration):
    dependencies = [
        ("pings", "0004_ping_index_trim"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="ping",
            name="ping_round_status",
        ),
        migrations.AddIndex(
            model_name="ping",
            index=models.Index(fields=["round", "status", "answered_at", "id"], name="ping_round_status_answered"),
        ),
        migrations.AddIndex(
            model_name="ping",
            index=models.Index(fields=["round", "state"], name="ping_round_state"),
        ),
        migrations.RunPython(create_latest_answers_index, drop_latest_answers_index),
    ]

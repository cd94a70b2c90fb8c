"""Indexes that serve the change log's pages: newest first by (timestamp, id), alone or after one filter.

The log entries are django-auditlog's table (``auditlog.LogEntry``), not a model of this app: the
indexes are created here with SQL rather than declared on the model (``AddIndex`` only applies to a
model of the migration's own app, and a third-party model's state changed from outside would make
``makemigrations`` want to undo it in auditlog's migrations). Django's model state does not know
them, so no migration will ever drop them by accident.

Each index ends with (timestamp, id), the page order, so that a filter on its first column and the
order are one range of the index: a page reads its 51 rows wherever it is in the log (auditlog's own
single-column indexes on the kind, action and actor would make the database read every entry of that
kind, action or person and sort them, for a page of 50). On PostgreSQL
two more serve the State and contact filters (and a coordinator's reading rule, its State), which
compare a key of the entry's JSON ``additional_data``; on SQLite (the embedded demo) those keys are
read row by row, fast at a demo's size. On PostgreSQL the indexes are built ``CONCURRENTLY`` so that
a large log goes on taking entries meanwhile (hence a migration outside a transaction).
"""

from django.db import migrations

TABLE = "auditlog_logentry"
_INDEXES = [
    ("audit_entry_time", "timestamp, id"),
    ("audit_entry_kind_time", "content_type_id, timestamp, id"),
    ("audit_entry_actor_time", "actor_id, timestamp, id"),
    ("audit_entry_action_time", "action, timestamp, id"),
]
_POSTGRESQL_INDEXES = [
    ("audit_entry_state_time", "(additional_data -> 'state'), timestamp, id"),
    ("audit_entry_contact_time", "(additional_data -> 'contact'), timestamp, id"),
]


def _indexes(schema_editor) -> list[tuple[str, str]]:
    if schema_editor.connection.vendor == "postgresql":
        return _INDEXES + _POSTGRESQL_INDEXES
    return _INDEXES


def create_indexes(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, columns in _indexes(schema_editor):
        schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {TABLE} ({columns})")


def drop_indexes(apps, schema_editor):
    for name, _columns in _indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]

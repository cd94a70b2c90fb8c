"""Drop the indexes auditlog gives its log entries that no query of Enlace reads: each is pure write cost.

Every change written to the log updates every index of its table; a spreadsheet import writes tens
of thousands of entries in one transaction, and with auditlog's nine single-column indexes beside
the change log's own six (``audit.0001``) the table had sixteen: half the time of the import's
write went into them. What reads the log is the change log page (its filters, the reader's rule,
its order and capped count), a user's deletion (auditlog sets the entries' actor to none) and a
kind of record's (entries deleted with it):

* the indexes on the kind (``content_type_id``), action, actor and time alone are each the first
  column(s) of one of ``audit.0001``'s indexes, which serves every query they could (the page's
  filters, and the look-up by actor or kind when a user or a kind of record is deleted);
* the indexes on the correlation id (``cid``, and its copy for ``LIKE``) and on the object's key
  (``object_pk``, its ``LIKE`` copy, ``object_id``) serve auditlog's admin and its "history of this
  object" look-ups, which Enlace does not install or call: a contact's history is found by the
  contact code stamped in the entry's additional data (``audit_entry_contact_time``). A page that
  lists one record's history by its key would add ``(content_type_id, object_id, timestamp, id)``.

The names are those Django gave them in auditlog's migrations (the same on both databases; the
``_like`` copies exist on PostgreSQL only). Reversing this migration builds them again as auditlog
declared them. On PostgreSQL each is dropped ``CONCURRENTLY``, so that the log goes on taking
entries meanwhile (hence a migration outside a transaction).
"""

from django.db import migrations

TABLE = "auditlog_logentry"
_INDEXES = [
    ("auditlog_logentry_action_229afe39", "action"),
    ("auditlog_logentry_actor_id_959271d2", "actor_id"),
    ("auditlog_logentry_content_type_id_75830218", "content_type_id"),
    ("auditlog_logentry_timestamp_37867bb0", "timestamp"),
    ("auditlog_logentry_cid_9f467263", "cid"),
    ("auditlog_logentry_object_id_09c2eee8", "object_id"),
    ("auditlog_logentry_object_pk_6e3219c0", "object_pk"),
]
_POSTGRESQL_INDEXES = [
    ("auditlog_logentry_cid_9f467263_like", "cid varchar_pattern_ops"),
    ("auditlog_logentry_object_pk_6e3219c0_like", "object_pk varchar_pattern_ops"),
]


def _indexes(schema_editor) -> list[tuple[str, str]]:
    if schema_editor.connection.vendor == "postgresql":
        return _INDEXES + _POSTGRESQL_INDEXES
    return _INDEXES


def _concurrently(schema_editor) -> str:
    return "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""


def drop_indexes(apps, schema_editor):
    for name, _columns in _indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX {_concurrently(schema_editor)}IF EXISTS {name}")


def create_indexes(apps, schema_editor):
    for name, columns in _indexes(schema_editor):
        schema_editor.execute(
            f"CREATE INDEX {_concurrently(schema_editor)}IF NOT EXISTS {name} ON {TABLE} ({columns})"
        )


class Migration(migrations.Migration):
    atomic = False  # DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("audit", "0001_change_log_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_indexes, create_indexes, elidable=False),
    ]

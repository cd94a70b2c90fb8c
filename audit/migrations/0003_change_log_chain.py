"""The change log's chain (``audit.chain``): a link for every entry, its head, and the entries not linked yet.

The entries already written are chained here, in the order of their ids. From then on a trigger notes each
entry inserted, whatever inserts it (the ORM, a bulk insert, a statement of its own), in
``audit_chainpending``; PostgreSQL's fires once a statement, with the statement's new rows.
"""

from django.db import migrations, models

from audit.chain import chain_every_entry

POSTGRESQL_TRIGGER = """
CREATE FUNCTION audit_note_new_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_chainpending (entry_id) SELECT id FROM new_entries;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_note_new_entries AFTER INSERT ON auditlog_logentry
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_note_new_entries();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS audit_note_new_entries ON auditlog_logentry;
DROP FUNCTION IF EXISTS audit_note_new_entries();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER audit_note_new_entry AFTER INSERT ON auditlog_logentry
BEGIN
    INSERT INTO audit_chainpending (entry_id) VALUES (NEW.id);
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_note_new_entry;"


def chain_existing_entries(apps, schema_editor):
    chain_every_entry(
        apps.get_model("auditlog", "LogEntry"),
        apps.get_model("audit", "ChainLink"),
        apps.get_model("audit", "ChainHead"),
        using=schema_editor.connection.alias,
    )


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRIGGER)
    else:
        schema_editor.execute(SQLITE_TRIGGER)


def drop_trigger(apps, schema_editor):
    schema_editor.execute(POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_drop_unread_change_log_indexes'),
        ('auditlog', '0017_add_actor_email'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveBigIntegerField(unique=True)),
                ('entry_id', models.BigIntegerField(unique=True)),
                ('previous_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'change log chain link',
            },
        ),
        migrations.CreateModel(
            name='ChainPending',
            fields=[
                ('entry_id', models.BigIntegerField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'change log entry not chained yet',
            },
        ),
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('position', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'change log chain head',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='audit_chain_head_single_row')],
            },
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigger, drop_trigger),
    ]

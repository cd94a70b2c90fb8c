"""The change log's chain (``audit.chain``): a link for every entry, and its head; the entries already written
are chained here, in the order of their ids."""

from django.db import migrations, models

from audit.chain import extend_chain


def chain_existing_entries(apps, schema_editor):
    extend_chain(
        apps.get_model("auditlog", "LogEntry"),
        apps.get_model("audit", "ChainLink"),
        apps.get_model("audit", "ChainHead"),
        using=schema_editor.connection.alias,
    )


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
        ),
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('position', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='audit_chain_head_single_row')],
            },
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop, elidable=True),
    ]

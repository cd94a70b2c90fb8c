"""The database's own full-text index of policy documents (FTS5 on SQLite, tsvector on PostgreSQL).

The statements live in repository/search.py beside the queries that read them.
"""

from django.db import migrations


def create(apps, schema_editor):
    from repository.search import create_index

    create_index(schema_editor)


def drop(apps, schema_editor):
    from repository.search import drop_index

    drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("repository", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

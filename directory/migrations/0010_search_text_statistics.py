"""Finer planner statistics for the contacts' search columns (PostgreSQL only).

PostgreSQL estimates how many contacts a ``LIKE '%term%'`` finds by trying the
pattern on a sample of the column's values (its histogram: 100 values by
default). With 100, a term is guessed at 0, 1 %, 2 %… of all contacts, and a
rare term that happens to match one sampled value is taken for a common one:
the search then walks every contact in name order looking for 50 that match.
With 1,000 values the guesses are ten times finer, at the cost of a fraction of
a millisecond of planning.
"""

from django.db import migrations

_COLUMNS = ("search_text", "phone_digits")


def finer_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in _COLUMNS:
        schema_editor.execute(f"ALTER TABLE directory_contact ALTER COLUMN {column} SET STATISTICS 1000")
    schema_editor.execute(f"ANALYZE directory_contact ({', '.join(_COLUMNS)})")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in _COLUMNS:
        schema_editor.execute(f"ALTER TABLE directory_contact ALTER COLUMN {column} SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_api_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(finer_statistics, default_statistics),
    ]

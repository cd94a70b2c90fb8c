"""Search columns for contacts and institutions, filled for existing rows, and their trigram indexes.

On PostgreSQL, ``pg_trgm`` (a trusted extension: the database owner may create
it) gives GIN indexes that serve ``LIKE '%term%'``; on SQLite the columns are
scanned (fast enough at the embedded demo's size) and no index is made.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from directory.search import contact_search_text, institution_search_text

_INDEXES = [
    ("directory_contact", "search_text", "contact_search_text_trgm"),
    ("directory_contact", "phone_digits", "contact_phone_digits_trgm"),
    ("directory_institution", "search_text", "institution_search_text_trgm"),
]


def fill(apps, schema_editor):
    Contact = apps.get_model("directory", "Contact")
    Institution = apps.get_model("directory", "Institution")
    for institution in Institution.objects.all():
        institution.search_text = institution_search_text(institution.name, institution.acronym)
        institution.save(update_fields=["search_text"])
    for contact in Contact.objects.select_related("institution").prefetch_related("emails", "phones"):
        contact.search_text = contact_search_text(
            contact.name,
            contact.title,
            contact.institution.name,
            contact.institution.acronym,
            *(email.address for email in contact.emails.all()),
        )
        contact.phone_digits = " ".join(phone.number.lstrip("+") for phone in contact.phones.all())
        contact.save(update_fields=["search_text", "phone_digits"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in _INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in _INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_directory_page_indexes"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="contact",
            name="phone_digits",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="contact",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="institution",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]

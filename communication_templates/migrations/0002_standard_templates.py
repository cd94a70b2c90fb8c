"""Directories that existed before templates get the four standard ones (new directories get them on creation)."""

from django.db import migrations


def install(apps, schema_editor):
    from communication_templates.defaults import install_defaults

    Directory = apps.get_model("directory", "Directory")
    CommunicationTemplate = apps.get_model("messaging", "CommunicationTemplate")
    TemplateVersion = apps.get_model("messaging", "TemplateVersion")
    for directory_id in Directory.objects.values_list("pk", flat=True):
        install_defaults(directory_id, CommunicationTemplate, TemplateVersion)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_ping_settings"),
        ("messaging", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

"""Every new directory starts with the standard templates, however it is created.

Directories are made by the ``create_directory`` command, the demo and tests;
``directory`` knows nothing of communication templates (dependencies point down), so
this app listens for new directories instead of each creator calling it.
Directories that existed before this app get them from a data migration.
"""

from directory.models import Directory


def give_new_directory_the_standard_templates(sender, instance: Directory, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from communication_templates.services import install_default_templates

        install_default_templates(instance)

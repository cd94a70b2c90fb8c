"""Every new directory starts with the default escalation ladder, however it is created.

``directory`` knows nothing of communications (dependencies point down), so this
app listens for new directories; those that existed before it get the ladder
from a data migration.
"""

from directory.models import Directory


def give_new_directory_the_default_ladder(sender, instance: Directory, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from communications.services import install_default_ladder

        install_default_ladder(instance)

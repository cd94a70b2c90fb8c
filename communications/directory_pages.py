"""What communications add to the directory's pages (``enlace.features``): the statistics and the
escalation ladder, for the directory's managers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communications.forms import DeadlinesForm
from communications.models import Deadlines
from enlace import features

features.add_link(
    features.DIRECTORY_ACTIONS,
    features.Link(
        name="communications.statistics",
        label=_("Communication statistics"),
        url=lambda directory: reverse("communications:statistics", args=[directory.slug]),
        shown=lambda principal, directory, context: bool(context.get("can_manage")),
        order=30,
    ),
)
features.add_link(
    features.DIRECTORY_SETTINGS_LINKS,
    features.Link(
        name="communications.ladder",
        label=_("Escalation ladder"),
        url=lambda directory: reverse("communications:ladder", args=[directory.slug]),
        order=20,
    ),
)


def _deadlines_form(directory, data) -> DeadlinesForm:
    return DeadlinesForm(data, instance=Deadlines.of(directory))


features.add_settings_section(
    features.SettingsSection(
        name="communications.deadlines",
        form=_deadlines_form,
        template="communications/_settings_section.html",
        order=20,
    )
)

"""What the working groups add to the directory's pages (``enlace.features``): a link to the directory's groups,
the "due and late" page in the navigation, and the minimum of member States on the directory's settings."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features
from working_groups.forms import GroupRulesForm
from working_groups.models import GroupRules


def _reads_groups(principal, directory, context) -> bool:
    # Managers run them; the participating States' coordinators and points of contact see theirs and the public.
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


def _follows_work(principal, obj, context) -> bool:
    return principal.is_manager or principal.is_coordinator


features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="working_groups.list",
        label=_("Working groups and plans"),
        url=lambda directory: reverse("working_groups:list", args=[directory.slug]),
        shown=_reads_groups,
        order=60,
    ),
)
features.add_link(
    features.NAVIGATION,
    features.Link(
        name="working_groups.due",
        label=_("Work due"),
        url=lambda obj: reverse("working_groups:due"),
        shown=_follows_work,
        order=60,
    ),
)


def _rules_form(directory, data) -> GroupRulesForm:
    return GroupRulesForm(data, instance=GroupRules.of(directory))


features.add_settings_section(
    features.SettingsSection(
        name="working_groups.rules", form=_rules_form, template="working_groups/_settings_section.html", order=40
    )
)

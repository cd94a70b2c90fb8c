from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")


class Derivation(models.TextChoices):
    """Where Enlace's own data answers whether a State implemented a measure, the status is derived."""

    NONE = "none", _("Set by the State's coordinator, with evidence")
    POLICY_IN_FORCE = "policy_in_force", _("Derived: at least one policy document in force")
    POLITICAL_POC = "political_poc", _("Derived: an active political-level point of contact")
    FOREIGN_AFFAIRS_POC = (
        "foreign_affairs_poc",
        _("Derived: an active point of contact in the ministry of foreign affairs"),
    )

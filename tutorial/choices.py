from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    """A tour of Enlace for one kind of role: what a person in that role must be able to do."""

    POINT_OF_CONTACT = "point-of-contact", _("Point of contact")
    COORDINATOR = "coordinator", _("National coordinator")
    MANAGER = "manager", _("Directory manager")

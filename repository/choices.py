from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The kinds of policy document the OAS template for sharing cybersecurity policies names (cyber CBM 1)."""

    NATIONAL_STRATEGY = "national_strategy", _("National strategy")
    WHITE_PAPER = "white_paper", _("White paper")
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    OTHER = "other", _("Other")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    DRAFT = "draft", _("Draft")
    SUPERSEDED = "superseded", _("Superseded")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTICIPANTS = "participants", _("Participants only")


class TextExtraction(models.TextChoices):
    """Whether the text of the uploaded file has been read into the search index."""

    NONE = "none", _("No file to read")
    PENDING = "pending", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")

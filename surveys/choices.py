"""The words of a survey: where it stands, who answers it, how anonymous the answers are, the kinds of question."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", pgettext_lazy("survey status", "Closed")


class RespondentKind(models.TextChoices):
    PER_STATE = "per_state", _("One answer per State")
    PER_PERSON = "per_person", _("One answer per point of contact")


class Anonymity(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    DATE = "date", pgettext_lazy("question kind", "Date")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    MATRIX = "matrix", _("Grid (rows × choices)")
    EVIDENCE = "evidence", _("Evidence (a file or a link)")


class ReportAudience(models.TextChoices):
    NOBODY = "nobody", _("Not published")
    PARTICIPANTS = "participants", _("Published to the participants")
    PUBLIC = "public", _("Published on the directory's public page")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("response status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("response status", "Submitted")


# Questions whose answer picks among its choices (and that a later question's condition may name).
WITH_CHOICES = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX]
CONDITIONAL_ON = [QuestionKind.SINGLE, QuestionKind.MULTIPLE]
# What a respondent reads about who will see their answers, in plain words.
ANONYMITY_EXPLAINED = {
    Anonymity.NAMED: _(
        "Named: the secretariat that runs this survey sees your answers with your name or your State's."
    ),
    Anonymity.CONFIDENTIAL: _(
        "Confidential: only the secretariat that runs this survey sees who answered what; "
        "any results shared with others do not name you."
    ),
    Anonymity.ANONYMOUS: _(
        "Anonymous: Enlace keeps no link between your answers and you. It records only that you have answered, "
        "so that you are not reminded. Once submitted, your answers cannot be shown to you or changed."
    ),
}

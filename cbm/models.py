"""Confidence-building measures (CBMs): each directory's catalogue, and each State's implementation.

Only measures that Enlace's data cannot answer store an Implementation row (set by the State's
coordinator with evidence); the others are derived when read (see ``services.dashboard``).
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from cbm.choices import Derivation, ImplementationStatus
from directory.models import Directory, State, Timestamped
from enlace.model_fields import account_field
from enlace.translated_texts import WrittenInLanguages, original_language_field, translations_field


class Catalogue(WrittenInLanguages, Timestamped):
    """A directory's list of measures, with its own name and introduction in the languages its manager wrote."""

    translated_fields = ("name", "description")
    default_texts = {"name": _("Confidence-building measures")}

    directory = models.OneToOneField(
        Directory, on_delete=models.CASCADE, related_name="cbm_catalogue", verbose_name=_("directory")
    )
    name = models.CharField(
        pgettext_lazy("name of a thing", "name"),
        max_length=200,
        blank=True,
        help_text=_("Empty: “Confidence-building measures”."),
    )
    description = models.TextField(_("description"), blank=True)
    original_language = original_language_field()
    name_translations = translations_field()
    description_translations = translations_field()
    is_published = models.BooleanField(
        _("published on the public pages"),
        default=True,
        help_text=_("Signed-out visitors see the measures and how many States implemented each."),
    )

    class Meta:
        verbose_name = _("CBM catalogue")

    def __str__(self) -> str:
        return str(self.directory)


class Measure(WrittenInLanguages, Timestamped):
    """One measure: its number (its name, "CBM 4") and its text, in the languages its manager wrote."""

    translated_fields = ("text",)

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    original_language = original_language_field()
    text_translations = translations_field()
    derivation = models.CharField(
        _("status comes from"), max_length=20, choices=Derivation.choices, default=Derivation.NONE
    )

    class Meta:
        ordering = ["catalogue", "number"]
        verbose_name = _("confidence-building measure")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="measure_unique_number"),
            models.UniqueConstraint(
                fields=["catalogue", "derivation"],
                condition=~Q(derivation=Derivation.NONE),
                name="measure_one_per_derivation",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="measure_number_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _("CBM %(number)s") % {"number": self.number}

    @property
    def is_derived(self) -> bool:
        return self.derivation != Derivation.NONE


class ImplementationQuerySet(RestrictedQuerySet):
    pass


class Implementation(Timestamped):
    """A State's status on a measure that Enlace's data does not answer, as its coordinator reports it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="implementations")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="cbm_implementations")
    status = models.CharField(
        _("status"), max_length=12, choices=ImplementationStatus.choices, default=ImplementationStatus.NOT_STARTED
    )
    evidence = models.TextField(
        _("evidence"),
        max_length=2000,
        blank=True,
        help_text=_("What was done, with references (events, courses, agreements, links)."),
    )
    as_of = models.DateField(_("as of"), default=date.today)
    updated_by = account_field()

    objects = ImplementationQuerySet.as_manager()

    class Meta:
        verbose_name = _("CBM implementation")
        constraints = [
            models.UniqueConstraint(fields=["measure", "state"], name="implementation_unique_state"),
            models.CheckConstraint(
                condition=Q(status=ImplementationStatus.NOT_STARTED) | ~Q(evidence=""),
                name="implementation_progress_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} – {self.measure}"

    def get_additional_data(self) -> dict:
        """Scope of this record's change-log entries (read by the audit rules)."""
        return {"state": self.state_id, "directory": self.measure.catalogue.directory_id}

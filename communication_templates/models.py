"""Standardised communication templates of a directory, kept as versioned data.

A ``CommunicationTemplate`` is a directory's template of one kind (incident
notification, request for assistance...), addressed by a key stable across its
revisions. Its content lives in ``TemplateVersion`` rows: title, fixed text and
typed fields (see ``communication_templates.fields``). A version never changes once written;
revising a template writes the next version (``communication_templates.services``), so a
communication that points to the version it was sent with always reads as sent.
"""

from functools import cached_property

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from communication_templates.content import ContentForm, LocalizedTemplate, build_form_class, localize_version
from communication_templates.fields import (
    FieldDefinition,
    localize,
    parse_fields,
    validate_field_list,
    validate_fixed_text,
    validate_title,
)
from directory.models import Directory, Timestamped
from enlace.model_fields import account_field


class TemplateKind(models.TextChoices):
    INCIDENT_NOTIFICATION = "incident_notification", _("ICT incident notification")
    REQUEST_FOR_ASSISTANCE = "request_for_assistance", _("Request for assistance")
    REQUEST_FOR_INFORMATION = "request_for_information", _("Request for information or clarification")
    ANSWER = "answer", _("Answer to a communication")
    OTHER = "other", _("Other communication")


class CommunicationTemplateQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "CommunicationTemplateQuerySet":
        return self.filter(directory=directory)

    def active(self) -> "CommunicationTemplateQuerySet":
        """Templates a sender may choose (retired ones keep their versions for what was sent with them)."""
        return self.filter(is_active=True)

    def of_kind(self, kind: str) -> "CommunicationTemplateQuerySet":
        return self.filter(kind=kind)

    def with_versions(self) -> "CommunicationTemplateQuerySet":
        """Prefetch every version, newest first, so ``current_version`` costs no query."""
        return self.prefetch_related(
            models.Prefetch("versions", queryset=TemplateVersion.objects.select_related("created_by"))
        )


class CommunicationTemplate(Timestamped):
    """A directory's template of one kind; its content is in its versions."""

    directory = models.ForeignKey(
        Directory, on_delete=models.CASCADE, related_name="communication_templates", verbose_name=_("directory")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TemplateKind.choices)
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("A short name used in addresses; it stays the same across revisions."),
    )
    is_active = models.BooleanField(
        _("offered to senders"), default=True, help_text=_("Retired templates keep their versions.")
    )

    objects = CommunicationTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["directory", "kind", "key"]
        verbose_name = _("communication template")
        verbose_name_plural = _("communication templates")
        constraints = [
            models.UniqueConstraint(fields=["directory", "key"], name="communication_template_unique_key"),
            models.CheckConstraint(condition=Q(kind__in=TemplateKind.values), name="communication_template_known_kind"),
            models.CheckConstraint(
                condition=Q(key__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"), name="communication_template_key_slug"
            ),
        ]
        indexes = [models.Index(fields=["directory", "kind", "is_active"], name="communication_template_kind")]

    def __str__(self) -> str:
        version = self.current_version
        return version.display_title if version else self.key

    def get_absolute_url(self) -> str:
        return reverse("communication_templates:templates", args=[self.directory.slug]) + f"#template-{self.key}"

    @property
    def current_version(self) -> "TemplateVersion | None":
        """The newest version: the one a new communication is sent with."""
        if "versions" in getattr(self, "_prefetched_objects_cache", {}):  # with_versions(): newest first
            versions = list(self.versions.all())
            return versions[0] if versions else None
        return self.versions.order_by("-number").first()


class TemplateVersionQuerySet(RestrictedQuerySet):
    def current(self) -> "TemplateVersionQuerySet":
        """The newest version of each template."""
        newer = TemplateVersion.objects.filter(
            template=models.OuterRef("template"), number__gt=models.OuterRef("number")
        )
        return self.filter(~models.Exists(newer))

    def of_template(self, template: CommunicationTemplate) -> "TemplateVersionQuerySet":
        return self.filter(template=template)


class ImmutableVersionError(Exception):
    """A template version was changed after it was written; revise the template instead."""


class TemplateVersion(models.Model):
    """One revision of a template: its title, fixed text and typed fields. Never changed once written."""

    template = models.ForeignKey(
        CommunicationTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version"))
    # Texts are {"en": ..., "es": ...}; built-in templates store English msgids only (see fields.py).
    title = models.JSONField(_("title"), validators=[validate_title])
    fixed_text = models.JSONField(_("fixed text"), default=dict, blank=True, validators=[validate_fixed_text])
    fields = models.JSONField(_("fields"), default=list, validators=[validate_field_list])
    created_by = account_field(_("written by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="template_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} (v{self.number})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableVersionError(f"Template version {self.pk} is published and cannot change.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "communication_templates:version", args=[self.template.directory.slug, self.template.key, self.number]
        )

    @cached_property
    def definitions(self) -> list[FieldDefinition]:
        """The typed fields, validated, in order."""
        return parse_fields(self.fields)

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        return localize(self.title)

    def localized(self, language: str | None = None) -> LocalizedTemplate:
        """Every text of this version in ``language`` (default: the active one)."""
        return localize_version(self, language)

    def form_class(self, language: str | None = None) -> type[ContentForm]:
        """A form to fill this version in, labelled in ``language`` (see ``content.build_form_class``)."""
        return build_form_class(self, language)

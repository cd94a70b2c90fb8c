"""The policy and legislation repository: each State's cybersecurity policy documents (OAS cyber CBM 1).

A document has the fields of the OAS template (name, short description, responsible
institutions, date of entry into force, reference or link) plus its kind, languages, status and
who may read it. Full-text search uses the database's own index (see search.py and migration 0002).
"""

import uuid
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from directory.models import Institution, ListedLanguage, State, Timestamped, language_list_rules
from enlace.model_fields import account_field
from repository import search
from repository.choices import DocumentKind, DocumentStatus, TextExtraction, Visibility

# A document not reviewed for this long earns its State's coordinators a reminder, once a year.
REVIEW_INTERVAL = timedelta(days=365)

# Languages a policy document can be written in: the UN and OAS official languages.
DOCUMENT_LANGUAGES = ("en", "es", "fr", "pt", "ar", "ru", "zh", "nl")


def document_upload_path(document: "Document", filename: str) -> str:
    """A random name under the State's folder: the uploader's file name is never used for storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"repository/{document.state.iso3}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(RestrictedQuerySet):
    def in_force(self) -> "DocumentQuerySet":
        return self.filter(status=DocumentStatus.IN_FORCE)

    def public(self) -> "DocumentQuerySet":
        return self.filter(visibility=Visibility.PUBLIC)

    def of_directory(self, directory) -> "DocumentQuerySet":
        """Documents of the States taking part in the directory."""
        return self.filter(state__participations__directory=directory)

    def search(self, text: str) -> "DocumentQuerySet":
        """Documents whose name, description or file text match every word (the database's full-text
        index), the most relevant first."""
        matching = self.filter(pk__in=search.matching_ids(text))
        if not search.words(text):
            return matching
        return matching.annotate(search_rank=search.rank(text)).order_by("search_rank", "name")

    def in_language(self, code: str) -> "DocumentQuerySet":
        return self.filter(pk__in=DocumentLanguage.objects.filter(code=code).values("document_id"))

    def review_reminders_due(self, today: date) -> "DocumentQuerySet":
        return self.exclude(status=DocumentStatus.SUPERSEDED).filter(next_review_reminder__lte=today)

    def with_details(self) -> "DocumentQuerySet":
        return self.select_related("state", "superseded_by").prefetch_related("languages", "institutions")


class Document(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="documents", verbose_name=_("State"))
    name = models.CharField(pgettext_lazy("name of a thing", "name"), max_length=300)
    description = models.TextField(_("short description"), max_length=2000)
    institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="policy_documents",
        verbose_name=_("responsible institutions"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    entry_into_force = models.DateField(_("date of entry into force"), null=True, blank=True)
    reference_url = models.URLField(_("reference link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    visibility = models.CharField(
        _("who may read it"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    reviewed_on = models.DateField(_("last reviewed"), default=date.today)
    # When the next "please review" reminder is due: a year after the review, then yearly.
    next_review_reminder = models.DateField(editable=False)
    # The text read from the uploaded PDF, indexed for search with the name and description.
    text = models.TextField(blank=True, editable=False)
    text_extraction = models.CharField(max_length=10, choices=TextExtraction.choices, default=TextExtraction.NONE)
    # The text search configuration of the main language (PostgreSQL reads it in its index trigger).
    search_config = models.CharField(max_length=20, default="simple", editable=False)
    created_by = account_field(_("added by"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        # Newest in force first; undated ones (drafts, mostly) last on every database.
        ordering = [models.F("entry_into_force").desc(nulls_last=True), "name"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        constraints = [
            models.CheckConstraint(condition=~Q(reference_url="") | ~Q(file=""), name="document_has_link_or_file"),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.SUPERSEDED) | Q(superseded_by__isnull=True),
                name="document_only_superseded_has_successor",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("pk")), name="document_not_superseded_by_itself"
            ),
            models.CheckConstraint(
                condition=Q(file="", file_type="") | (~Q(file="") & ~Q(file_type="")), name="document_file_has_type"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "status"], name="document_state_status"),
            models.Index(fields=["next_review_reminder"], name="document_review_due"),
            # Also the API's cursor pages by entry into force (api.pagination), like the three below.
            models.Index(fields=["entry_into_force", "id"], name="document_entry_into_force"),
            models.Index(fields=["created", "id"], name="document_created"),
            models.Index(fields=["updated", "id"], name="document_updated"),
            models.Index(fields=["name", "id"], name="document_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("repository:document", args=[self.code])

    def save(self, *args, **kwargs) -> None:
        if self.next_review_reminder is None:
            self.next_review_reminder = self.reviewed_on + REVIEW_INTERVAL
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Scope of this record's change-log entries (read by the audit rules)."""
        return {"state": self.state_id}

    def mark_reviewed(self, on: date | None = None) -> None:
        self.reviewed_on = on or timezone.localdate()
        self.next_review_reminder = self.reviewed_on + REVIEW_INTERVAL
        self.save(update_fields=["reviewed_on", "next_review_reminder", "updated"])

    @property
    def file_name(self) -> str:
        """The name a download is offered under: the document's name, not the uploader's file name."""
        stem = "".join(character if character.isalnum() else "-" for character in self.name)[:80].strip("-")
        return f"{stem or 'document'}.{self.file_type}"

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages.all()]

    @property
    def review_overdue(self) -> bool:
        return self.reviewed_on < timezone.localdate() - REVIEW_INTERVAL


class DocumentLanguage(ListedLanguage):
    """A language the document is written in; the first (lowest position) is its main language."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="languages")
    code, position = ListedLanguage.columns()

    class Meta(ListedLanguage.Meta):
        verbose_name = _("document language")
        constraints, indexes = language_list_rules("document", "document_language")

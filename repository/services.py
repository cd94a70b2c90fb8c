"""Business rules of the repository: saving a document with its file, reading its text, reminders.

``policy_summary`` is the small public function other apps (the CBM tracker) may call.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from accounts.services import coordinators_of
from directory.models import State
from enlace.row_claims import skipping_locked
from mail.services import queue_email_to_account
from repository import files, pdf, search
from repository.choices import DocumentStatus, TextExtraction
from repository.models import REVIEW_INTERVAL, Document, DocumentLanguage

logger = logging.getLogger(__name__)


def save_document(
    document: Document,
    *,
    languages: list[str],
    institutions,
    upload: UploadedFile | None = None,
    file_kind: files.FileKind | None = None,
    user=None,
) -> Document:
    """Save a document, its languages, institutions and new file; saving it counts as reviewing it.

    The file goes through Django's storage API (object storage in production). If anything fails
    after the file was stored, the file is deleted again: a refused save leaves nothing behind.
    """
    replaced = document.file.name if document.pk and upload is not None else ""
    stored = ""
    try:
        with transaction.atomic():
            if upload is not None:
                document.file.save(f"upload.{file_kind.extension}", upload, save=False)
                stored = document.file.name
                document.file_type = file_kind.extension
                document.text = ""
                is_pdf = file_kind == files.PDF
                document.text_extraction = TextExtraction.PENDING if is_pdf else TextExtraction.NONE
            if document.pk is None:
                document.created_by = user
            document.search_config = search.config_for(languages[0])
            document.reviewed_on = timezone.localdate()
            document.next_review_reminder = document.reviewed_on + REVIEW_INTERVAL
            document.save()
            document.languages.all().delete()
            DocumentLanguage.objects.bulk_create(
                DocumentLanguage(document=document, code=code, position=position)
                for position, code in enumerate(languages)
            )
            document.institutions.set(institutions)
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    if replaced:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    if document.text_extraction == TextExtraction.PENDING and stored:
        from repository import tasks

        transaction.on_commit(lambda: tasks.extract_text.enqueue(document.pk))
    return document


def extract_text(document_id: int) -> bool:
    """Read the text of a document's PDF into the search index (in the worker). True when read."""
    document = Document.objects.filter(pk=document_id, file_type=files.PDF.extension).first()
    if document is None or not document.file:
        return False
    try:
        with document.file.open("rb") as stream:
            text = pdf.extract_text(stream)
        outcome = TextExtraction.DONE
    except (pdf.UnreadablePdf, OSError) as error:
        logger.warning("Could not read the text of document %s: %s", document.code, error)
        text, outcome = "", TextExtraction.FAILED
    # Only if the file is still the one read (a new upload starts its own reading).
    Document.objects.filter(pk=document.pk, file=document.file.name).update(
        text=text.replace("\x00", ""), text_extraction=outcome, updated=timezone.now()
    )
    return outcome == TextExtraction.DONE


# --- For the CBM tracker ------------------------------------------------------------


@dataclass(frozen=True)
class PolicySummary:
    in_force: int
    drafts: int
    latest_entry_into_force: date | None


def policy_summary(states: QuerySet) -> dict[int, PolicySummary]:
    """Per State (of ``states``, a queryset of State or of state ids), its policy documents in force
    and in draft, in one query."""
    if states.model is State:
        states = states.values("pk")
    rows = (
        Document.objects.filter(state_id__in=states)
        .exclude(status=DocumentStatus.SUPERSEDED)
        .values("state_id")
        .annotate(
            in_force=Count("pk", filter=Q(status=DocumentStatus.IN_FORCE)),
            drafts=Count("pk", filter=Q(status=DocumentStatus.DRAFT)),
            latest=Max("entry_into_force", filter=Q(status=DocumentStatus.IN_FORCE)),
        )
        .order_by()
    )
    return {row["state_id"]: PolicySummary(row["in_force"], row["drafts"], row["latest"]) for row in rows}


# --- Yearly review reminders ------------------------------------------------------------


def send_review_reminders(today: date | None = None) -> int:
    """E-mail each coordinator the State's documents not reviewed for a year; then not again for a year.

    Each document is claimed by a conditional update before its reminder is queued, in one
    transaction, so two workers never remind twice. Returns the number of e-mails queued.
    """
    today = today or timezone.localdate()
    queued = 0
    with transaction.atomic():
        due = Document.objects.review_reminders_due(today).select_related("state")
        due = skipping_locked(due)
        by_state = defaultdict(list)
        for document in due:
            claimed = Document.objects.filter(
                pk=document.pk, next_review_reminder=document.next_review_reminder
            ).update(next_review_reminder=today + REVIEW_INTERVAL)
            if claimed:
                by_state[document.state].append(document)
        for state, documents in by_state.items():
            for coordinator in coordinators_of(state.pk).select_related("contact"):
                queue_email_to_account(
                    coordinator,
                    template="repository/email/review_reminder",
                    context={"state": state, "documents": documents},
                    purpose="repository-review-reminder",
                )
                queued += 1
    return queued

"""Every create, change and delete of a policy document goes to the change log (read per State)."""

from auditlog.registry import auditlog

from repository.models import Document

# The file's text and the search and reminder bookkeeping are derived, not edits anyone made.
auditlog.register(
    Document,
    exclude_fields=["created", "updated", "text", "text_extraction", "search_config", "next_review_reminder"],
    m2m_fields={"institutions"},
)

"""Every create, change and delete of directory records goes to the change log."""

from auditlog.registry import auditlog

from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    Institution,
    Nomination,
    Participation,
)

for model in (Directory, Participation, Institution, Contact, ContactEmail, ContactPhone, ContactLanguage, Nomination):
    # The search columns are derived from fields the log already records.
    auditlog.register(model, exclude_fields=["created", "updated", "search_text", "phone_digits"])

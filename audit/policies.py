"""Who may read the change log.

Coordinators read their State's entries. Managers read the entries of their
directories, and of their participating States' records only what they may see
themselves: an entry about a contact (its details, addresses, phones,
languages) only if that contact is visible to them, and an entry of another
directory never.
"""

from auditlog.models import LogEntry
from django.db.models import CharField, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Replace

from access.principal import Principal
from access.restriction import rule


def _hex(expression):
    # Contact codes are stamped on entries as text with hyphens; SQLite stores UUIDs as 32 hex digits
    # and PostgreSQL casts them with hyphens, so both sides are compared without them.
    return Replace(expression, Value("-"), Value(""), output_field=CharField())


def _entries_about_visible_contacts(principal: Principal):
    from directory.models import Contact

    visible_codes = (
        Contact.objects.restrict(principal, "view")
        .annotate(hex_code=_hex(Cast("code", output_field=CharField())))
        .values("hex_code")
    )
    return (
        LogEntry.objects.annotate(contact_hex=_hex(KeyTextTransform("contact", "additional_data")))
        .filter(contact_hex__in=visible_codes)
        .values("pk")
    )


@rule(LogEntry, "view")
def log_entries_readable(principal: Principal):
    if not (principal.is_manager or principal.is_coordinator):
        return False
    readable = Q(additional_data__state__in=list(principal.coordinated_state_ids))
    if principal.is_manager:
        outside_directories = Q(additional_data__directory__isnull=True)
        readable |= (
            Q(additional_data__directory__in=list(principal.managed_directory_ids))
            | (
                outside_directories
                & Q(additional_data__contact__isnull=True)
                & Q(additional_data__state__in=list(principal.managed_state_ids))
            )
            | (outside_directories & Q(pk__in=_entries_about_visible_contacts(principal)))
        )
    return readable

"""Who may read the change log.

Coordinators read their State's entries. Managers read the entries of their
directories, and of their participating States' records only what they may see
themselves: an entry about a contact (its details, addresses, phones,
languages) only if that contact is visible to them, and an entry of another
directory never.
"""

from auditlog.models import LogEntry
from django.db.models import Func, IntegerField, OuterRef, Q, Subquery, UUIDField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import IsNull

from access.principal import Principal
from access.restriction import rule
from directory.models import Contact


class _ContactCodeOf(Func):
    """The contact code an entry is stamped with, as the contact table stores codes (NULL if it is none).

    Entries carry the code as text (``str(uuid)``, with hyphens); codes are compared without their hyphens
    (SQLite stores a code as its 32 hex digits, PostgreSQL as ``uuid``). The text is brought to the column's
    own form — hyphens removed; on PostgreSQL then cast, if it is 32 lower-case hex digits, so the cast
    cannot fail — so that the contact is found by the unique index on its code.
    """

    output_field = UUIDField()

    def __init__(self, entry_data):
        super().__init__(KeyTextTransform("contact", entry_data))

    def as_sql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        return f"REPLACE({text}, '-', '')", params

    def as_postgresql(self, compiler, connection, **extra_context):
        digits, params = self.as_sql(compiler, connection)
        return f"(CASE WHEN {digits} ~ '^[0-9a-f]{{32}}$' THEN ({digits})::uuid END)", [*params, *params]


def _about_a_visible_contact(principal: Principal) -> Q:
    """The entry is stamped with the code of a contact the principal may see.

    Asked of each entry a page reads (is its contact, found by code, one the principal may see?), so a
    page costs the same however long the log is and however many contacts the principal may see.
    """
    visible = Contact.objects.restrict(principal, "view").filter(code=_ContactCodeOf(OuterRef("additional_data")))
    # "(SELECT 1 … LIMIT 1) IS NOT NULL" rather than EXISTS: PostgreSQL may turn an EXISTS into a hash of
    # every visible contact, built on each request; a scalar subquery it asks only of the entries it reads.
    return Q(IsNull(Subquery(visible.order_by().values(found=Value(1, IntegerField()))[:1]), False))


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
            | (outside_directories & _about_a_visible_contact(principal))
        )
    return readable

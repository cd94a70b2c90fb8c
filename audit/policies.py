"""Who may read the change log: managers for their directories and States, coordinators for their State."""

from auditlog.models import LogEntry
from django.db.models import Q

from access.principal import Principal
from access.restriction import rule


@rule(LogEntry, "view")
def log_entries_readable(principal: Principal):
    if not (principal.is_manager or principal.is_coordinator):
        return False
    return Q(additional_data__directory__in=list(principal.managed_directory_ids)) | Q(
        additional_data__state__in=list(principal.managed_state_ids | principal.coordinated_state_ids)
    )

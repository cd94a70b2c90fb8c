"""Who sees an import job: the person who uploaded its file, and no one else (it holds contact data)."""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from import_export.models import ImportJob


@rule(ImportJob, "view")
def jobs_of_their_owner(principal: Principal):
    return Q(owner_id=principal.user_id) if principal.is_authenticated else False


@rule(ImportJob, "apply")
def jobs_applicable(principal: Principal):
    return Q(owner_id=principal.user_id, status=ImportJob.Status.CHECKED) if principal.is_authenticated else False

"""Who sees and changes communication templates (registered with the access layer).

A directory's templates are read by everyone who reads the directory (its
managers, and the points of contact and coordinators of its participating
States, who send with them); only its managers add or revise them.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from communication_templates.models import CommunicationTemplate, TemplateVersion


@rule(CommunicationTemplate, "view")
def templates_readable(principal: Principal):
    return Q(directory_id__in=principal.readable_directory_ids)


@rule(CommunicationTemplate, "change")
def templates_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(TemplateVersion, "view")
def versions_readable(principal: Principal):
    return Q(template__directory_id__in=principal.readable_directory_ids)


@rule(TemplateVersion, "change")
def versions_never_change(principal: Principal):
    """A version is never changed: revising a template adds a version (a ``change`` of the template)."""
    return False

"""Who reads and maintains policy documents (registered with the access layer).

A public document is for everyone, signed out too. A participants-only document is read by the
users of its own State and by those of the directories its State takes part in (their managers,
and the coordinators and points of contact of the other participating States); a State that shares
no directory with it does not even learn it exists. A State's coordinators, and the managers of its
directories, maintain its documents.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from directory.models import Participation
from repository.choices import Visibility
from repository.models import Document


@rule(Document, "view")
def documents_visible(principal: Principal):
    public = Q(visibility=Visibility.PUBLIC)
    if not principal.is_authenticated:
        return public
    partners = Participation.objects.filter(directory_id__in=principal.readable_directory_ids).values("state_id")
    return public | Q(state_id__in=principal.member_state_ids) | Q(state_id__in=partners)


@rule(Document, "change")
def documents_maintained(principal: Principal):
    return Q(state_id__in=principal.administered_state_ids)

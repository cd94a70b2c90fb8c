"""Who reads and reports CBM implementation (registered with the access layer).

Everyone who reads a directory (its managers, and the users of its participating States) reads its
CBM dashboard, every State's row: the measures are about sharing this information among partners.
A State's coordinators (and the directory's managers) report the State's status on the measures
that are not derived from Enlace's data. The public sees what a published catalogue shows.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from cbm.models import Implementation


@rule(Implementation, "view")
def implementations_visible(principal: Principal):
    if not principal.is_authenticated:
        return Q(measure__catalogue__is_published=True, measure__catalogue__directory__is_listed_publicly=True)
    return Q(measure__catalogue__directory_id__in=principal.readable_directory_ids)


@rule(Implementation, "change")
def implementations_reported(principal: Principal):
    return Q(
        state_id__in=principal.administered_state_ids,
        measure__catalogue__directory_id__in=principal.readable_directory_ids,
    )

"""Who sees ping tests: a directory's managers see its rounds; a coordinator sees its own State's pings
(never another State's); a point of contact sees its own pings."""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from directory.models import Participation
from pings.models import Ping, PingRound


@rule(PingRound, "view")
def rounds_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    coordinated = Participation.objects.filter(state_id__in=principal.coordinated_state_ids).values("directory_id")
    return Q(directory_id__in=principal.managed_directory_ids) | Q(directory_id__in=coordinated)


@rule(PingRound, "change")
def rounds_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(Ping, "view")
def pings_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    visible = Q(round__directory_id__in=principal.managed_directory_ids) | Q(
        state_id__in=principal.coordinated_state_ids
    )
    # Every ping has a contact: without one of its own the reader has no ping of its own (and the round's page
    # is spared an "OR contact_id IS NULL" that keeps PostgreSQL from counting a round on its indexes).
    return visible | Q(contact_id=principal.contact_id) if principal.contact_id else visible


@rule(Ping, "record")
def pings_recordable(principal: Principal):
    """Recording an answer received by phone or note verbale is the manager's."""
    return Q(round__directory_id__in=principal.managed_directory_ids)


@rule(PingRound, "view_report")
def reports_visible(principal: Principal):
    """The anonymised report of a round: its directory's managers always; participants once published."""
    if not principal.is_authenticated:
        return False
    return Q(directory_id__in=principal.managed_directory_ids) | Q(
        directory_id__in=principal.participating_directory_ids, report_published=True
    )

"""Who sees an event, registers for it and keeps its list.

A directory's managers prepare its events, see every registration and record attendance. An announced event is
seen by those it invites: the national coordinators and points of contact of its invited States (every State of
the directory, or those chosen), the points of contact only when nominated in one of its roles if it names some.
A person keeps seeing an event they registered for. Registrations are their own person's and the managers'.
"""

from django.db.models import Exists, OuterRef, Q

from access.principal import Principal
from access.restriction import rule
from directory.choices import NominationStatus
from events.choices import ANNOUNCED, EventStatus
from events.models import Event, EventDocument, Registration


def _invited(principal: Principal, prefix: str = "") -> Q:
    """An event whose audience includes the reader (its status aside)."""
    states = Event.states.through.objects.filter(
        event_id=OuterRef(f"{prefix}pk"), state_id__in=principal.member_state_ids
    )
    invited = Q(**{f"{prefix}directory_id__in": principal.participating_directory_ids}) & (
        Q(**{f"{prefix}all_states": True}) | Q(Exists(states))
    )
    if principal.is_coordinator or principal.contact_id is None:
        return invited
    roles = Event.roles.through.objects.filter(event_id=OuterRef(f"{prefix}pk"))
    nominated = roles.filter(
        directoryrole__nominations__contact_id=principal.contact_id,
        directoryrole__nominations__status=NominationStatus.ACTIVE,
    )
    return invited & (~Q(Exists(roles)) | Q(Exists(nominated)))


def _registered(principal: Principal, prefix: str = "") -> Q:
    own = Registration.objects.filter(event_id=OuterRef(f"{prefix}pk"), user_id=principal.user_id)
    return Q(Exists(own))


@rule(Event, "view")
def events_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    managed = Q(directory_id__in=principal.managed_directory_ids)
    announced = Q(status__in=ANNOUNCED)
    if not principal.member_state_ids:
        return managed | (announced & _registered(principal))
    return managed | (announced & (_invited(principal) | _registered(principal)))


@rule(Event, "register")
def events_open_to_registration(principal: Principal):
    """The invited register (its dates are the service's to check)."""
    if not principal.member_state_ids:
        return False
    return Q(status=EventStatus.PUBLISHED) & _invited(principal)


@rule(Event, "change")
def events_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(EventDocument, "view")
def documents_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(event__in=Event.objects.restrict(principal, "view").values("pk"))


@rule(EventDocument, "change")
def documents_managed(principal: Principal):
    return Q(event__directory_id__in=principal.managed_directory_ids)


@rule(Registration, "view")
def registrations_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(event__directory_id__in=principal.managed_directory_ids) | Q(user_id=principal.user_id)


@rule(Registration, "cancel")
def registrations_cancellable(principal: Principal):
    """A person cancels their own place."""
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id)

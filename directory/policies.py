"""Who may see and change what in the directory (registered with the access layer).

In short: a manager sees and changes everything in its directories, and of
their participating States' contacts only those shared with its directories
(nominated to one of them, now or before) or that it entered itself (from a
note verbale); a coordinator sees and changes its own State's records; a point
of contact sees its own State's records and the active nominations of the
directories its State takes part in, and changes its own contact record;
signed-out visitors see no contact data at all.
"""

import operator
from functools import reduce

from django.db.models import OuterRef, Q

from access.principal import Principal
from access.restriction import exists, rule
from directory.choices import NominationStatus
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    Institution,
    Nomination,
    State,
)


@rule(State, "view")
def states_visible(principal: Principal):
    return True


@rule(State, "administer")
def states_administered(principal: Principal):
    """Add institutions, contacts and nominations for the State."""
    return Q(pk__in=principal.administered_state_ids)


@rule(Directory, "view")
def directories_readable(principal: Principal):
    """The member pages of a directory, with its nominated contacts."""
    return Q(pk__in=principal.readable_directory_ids)


@rule(Directory, "change")
def directories_managed(principal: Principal):
    return Q(pk__in=principal.managed_directory_ids)


def _visible_nominations(principal: Principal) -> Q:
    return (
        Q(directory_id__in=principal.managed_directory_ids)
        | Q(state_id__in=principal.member_state_ids)
        | Q(status=NominationStatus.ACTIVE, directory_id__in=principal.participating_directory_ids)
    )


@rule(Nomination, "view")
def nominations_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return _visible_nominations(principal)


@rule(Nomination, "change")
def nominations_changeable(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids) | Q(
        state_id__in=principal.coordinated_state_ids, directory_id__in=principal.participating_directory_ids
    )


def _shared_with_managed_directories(principal: Principal) -> Q:
    """Contacts a manager may see: nominated (now or before) to one of its directories, or entered by it.

    Being a participating State's contact is not enough: a State shares a contact
    with a directory by nominating it there, not with every directory it takes part in.
    """
    if not principal.is_manager:
        return Q(pk__in=[])
    # EXISTS rather than IN (subquery): PostgreSQL may then probe the nomination index for the few contacts a
    # detail page looks at, and a search asks for that explicitly (restrict(..., row_by_row=True)), instead of
    # hashing every nomination of the directory on each request.
    nominated = exists(
        Nomination.objects.filter(contact_id=OuterRef("pk"), directory_id__in=principal.managed_directory_ids)
    )
    return Q(nominated) | Q(created_by_id=principal.user_id)


@rule(Contact, "view")
def contacts_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    # Only the alternatives the principal's roles can satisfy: the others match no row, and each costs a
    # subquery to build and to plan on every page that lists contacts.
    alternatives = []
    if principal.member_state_ids:
        alternatives.append(Q(institution__state_id__in=principal.member_state_ids))
    if principal.participating_directory_ids:
        nominated_to_my_directories = exists(
            Nomination.objects.filter(
                contact_id=OuterRef("pk"),
                status=NominationStatus.ACTIVE,
                directory_id__in=principal.participating_directory_ids,
            )
        )
        alternatives.append(Q(nominated_to_my_directories))
    if principal.is_manager:
        alternatives.append(_shared_with_managed_directories(principal))
    if principal.contact_id is not None:
        alternatives.append(Q(pk=principal.contact_id))
    return reduce(operator.or_, alternatives) if alternatives else False


@rule(Contact, "change")
def contacts_changeable(principal: Principal):
    if not principal.is_authenticated:
        return False
    return (
        Q(institution__state_id__in=principal.coordinated_state_ids)
        | (Q(institution__state_id__in=principal.managed_state_ids) & _shared_with_managed_directories(principal))
        | Q(pk=principal.contact_id)
    )


@rule(Institution, "view")
def institutions_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    own_states = principal.member_state_ids | principal.managed_state_ids
    with_visible_contacts = exists(Contact.objects.restrict(principal, "view").filter(institution_id=OuterRef("pk")))
    return Q(state_id__in=own_states) | Q(with_visible_contacts)


@rule(Institution, "change")
def institutions_changeable(principal: Principal):
    return Q(state_id__in=principal.administered_state_ids)


# A contact's e-mail addresses, phones and languages follow the contact.
for _child in (ContactEmail, ContactPhone, ContactLanguage):
    rule(_child, "view")(lambda principal: Q(contact__in=Contact.objects.restrict(principal, "view").values("pk")))
    rule(_child, "change")(lambda principal: Q(contact__in=Contact.objects.restrict(principal, "change").values("pk")))

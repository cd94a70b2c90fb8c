"""Who sees a communication: only the points of contact and coordinators of its two States (seed 004 §30).

Managers are deliberately absent: they see the anonymised statistics of their
directories and never an envelope or its content. A third State sees nothing.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from communications.models import Communication


@rule(Communication, "view")
def communications_of_own_states(principal: Principal):
    if not principal.member_state_ids:
        return False
    states = principal.member_state_ids
    return Q(sender_state_id__in=states) | Q(recipient_state_id__in=states)


@rule(Communication, "acknowledge")
def received_originals(principal: Principal):
    """The recipient State acknowledges and answers; an answer itself expects neither."""
    if not principal.member_state_ids:
        return False
    return Q(recipient_state_id__in=principal.member_state_ids, in_reply_to__isnull=True)


@rule(Communication, "answer")
def answerable(principal: Principal):
    return received_originals(principal)


@rule(Communication, "escalate")
def sent_originals(principal: Principal):
    """The sending State may escalate by hand what it sent."""
    if not principal.member_state_ids:
        return False
    return Q(sender_state_id__in=principal.member_state_ids, in_reply_to__isnull=True)

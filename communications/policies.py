"""Who sees a communication: what two States exchange stays between them, under its TLP 2.0 label.

TLP:CLEAR and TLP:GREEN: the points of contact and coordinators of its two States
(``Principal.member_state_ids``); the recipient State acknowledges and answers, the
sending State escalates by hand.

TLP:AMBER, AMBER+STRICT and RED are for the people they were sent to: on the
receiving side only its recipients (the addressees, and whoever an escalation step
reached: contacts by their contact record, a coordinator by its account) see the
envelope, acknowledge and answer it. On the sending side the person who sent it and
the sending State's coordinators (who supervise what their State sends) see it and
may escalate it; the sending State's other points of contact do not. An answer
goes the other way with the same rule, and is also seen by whoever sees the
original on its sending side (the answer is to what they sent).

Managers are deliberately absent: they see the anonymised statistics of their
directories and never an envelope or its content. A third State sees nothing.
"""

from django.db.models import Exists, OuterRef, Q

from access.principal import Principal
from access.restriction import rule
from communications.models import TLP_CONTENT_KEPT, Communication, Recipient

STATE_WIDE = Q(tlp__in=[tlp.value for tlp in TLP_CONTENT_KEPT])


def _is_recipient(principal: Principal) -> Exists:
    """Delivered to this person: to its contact record or to its account (a coordinator reached by escalation)."""
    mine = Q(user_id=principal.user_id)
    if principal.contact_id:
        mine |= Q(contact_id=principal.contact_id)
    return Exists(Recipient.objects.filter(mine, communication=OuterRef("pk")))


def _sent_by_own_side(principal: Principal, prefix: str = "") -> Q:
    """Sent by this person, or by its State while it coordinates that State."""
    return Q(**{f"{prefix}sent_by_id": principal.user_id}) | Q(
        **{f"{prefix}sender_state_id__in": principal.coordinated_state_ids}
    )


@rule(Communication, "view")
def communications_of_own_states(principal: Principal):
    if not principal.member_state_ids:
        return False
    states = principal.member_state_ids
    either_state = Q(sender_state_id__in=states) | Q(recipient_state_id__in=states)
    addressed = (
        Q(recipient_state_id__in=states) & _is_recipient(principal)
        | Q(sender_state_id__in=states) & _sent_by_own_side(principal)
        | Q(recipient_state_id__in=states, in_reply_to__isnull=False) & _sent_by_own_side(principal, "in_reply_to__")
    )
    return either_state & (STATE_WIDE | addressed)


@rule(Communication, "acknowledge")
def received_originals(principal: Principal):
    """The recipient State acknowledges and answers (under AMBER and above, only its recipients);
    an answer itself expects neither."""
    if not principal.member_state_ids:
        return False
    return Q(recipient_state_id__in=principal.member_state_ids, in_reply_to__isnull=True) & (
        STATE_WIDE | _is_recipient(principal)
    )


@rule(Communication, "answer")
def answerable(principal: Principal):
    return received_originals(principal)


@rule(Communication, "escalate")
def sent_originals(principal: Principal):
    """The sending State may escalate by hand what it sent (under AMBER and above, its sender and coordinators)."""
    if not principal.member_state_ids:
        return False
    return Q(sender_state_id__in=principal.member_state_ids, in_reply_to__isnull=True) & (
        STATE_WIDE | _sent_by_own_side(principal)
    )

"""Filters of a round's page of pings, read from the URL."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from delivery.models import EmailStatus
from directory.models import State, sorted_by_name
from directory.search import normalise
from pings.models import ANSWERED, Channel, PingMessage, PingQuerySet, PingStatus

ANSWERED_CHOICE, UNANSWERED_CHOICE = "answered", "unanswered"
STATUSES = {
    ANSWERED_CHOICE: Q(status__in=ANSWERED),
    PingStatus.CONFIRMED.value: Q(status=PingStatus.CONFIRMED),
    PingStatus.CHANGES.value: Q(status=PingStatus.CHANGES),
    PingStatus.PENDING.value: Q(status=PingStatus.PENDING),
    PingStatus.UNREACHABLE.value: Q(status=PingStatus.UNREACHABLE),
    UNANSWERED_CHOICE: Q(status__in=[PingStatus.PENDING, PingStatus.UNREACHABLE]),
}
YES, NO = "yes", "no"
UNDELIVERABLE = "failed"


class PingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (ANSWERED_CHOICE, _("Confirmed (data correct or changes reported)")),
            (PingStatus.CONFIRMED.value, PingStatus.CONFIRMED.label),
            (PingStatus.CHANGES.value, PingStatus.CHANGES.label),
            (PingStatus.PENDING.value, PingStatus.PENDING.label),
            (PingStatus.UNREACHABLE.value, PingStatus.UNREACHABLE.label),
            (UNANSWERED_CHOICE, _("Not answered (awaiting or unreachable)")),
        ],
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    channel = forms.ChoiceField(
        label=_("Answered through"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    encrypted = forms.ChoiceField(
        label=_("Encryption"),
        required=False,
        choices=[("", _("Encrypted or not")), (YES, _("Sent encrypted")), (NO, _("Sent unencrypted"))],
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"),
        required=False,
        choices=[("", _("Any delivery")), (UNDELIVERABLE, _("An e-mail was undeliverable"))],
    )
    q = forms.CharField(label=_("Contact, institution or e-mail"), required=False, max_length=200)

    def __init__(self, *args, state_ids, **kwargs):
        """``state_ids``: the States of the pings the reader sees in the round (the State filter's choices)."""
        super().__init__(*args, **kwargs)
        states = sorted_by_name(State.objects.filter(pk__in=state_ids)) if state_ids else []
        self.fields["state"].choices = [("", _("All States")), *[(state.iso3, state.name) for state in states]]

    def apply(self, pings: PingQuerySet) -> PingQuerySet:
        if not self.is_valid():
            return pings
        data = self.cleaned_data
        if data.get("status"):
            pings = pings.filter(STATUSES[data["status"]])
        if data.get("state"):
            pings = pings.filter(state__iso3=data["state"])
        if data.get("channel"):
            pings = pings.filter(channel=data["channel"])
        if data.get("encrypted"):
            pings = pings.filter(encrypted=data["encrypted"] == YES)
        if data.get("delivery") == UNDELIVERABLE:
            pings = pings.filter(
                Exists(PingMessage.objects.filter(ping=OuterRef("pk"), email__status=EmailStatus.FAILED))
            )
        text = normalise(data.get("q") or "")
        if text:
            pings = pings.filter(contact__search_text__contains=text)
        return pings

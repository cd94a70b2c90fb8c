"""The filters of a round's page of pings (django-filter), read from the URL.

The API has no list of pings (a round's results are its figures), so only the page uses them; they are a
FilterSet like every list's, so that an API list of pings would take the same parameters.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from directory.models import State, sorted_by_name
from directory.search import normalise
from mail.models import EmailStatus
from pings.models import ANSWERED, Channel, Ping, PingMessage, PingQuerySet, PingStatus

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


class PingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Any status"),
        choices=[
            (ANSWERED_CHOICE, _("Confirmed (data correct or changes reported)")),
            (PingStatus.CONFIRMED.value, PingStatus.CONFIRMED.label),
            (PingStatus.CHANGES.value, PingStatus.CHANGES.label),
            (PingStatus.PENDING.value, PingStatus.PENDING.label),
            (PingStatus.UNREACHABLE.value, PingStatus.UNREACHABLE.label),
            (UNANSWERED_CHOICE, _("Not answered (awaiting or unreachable)")),
        ],
        method="with_status",
    )
    state = django_filters.ChoiceFilter(field_name="state__iso3", label=_("State"), empty_label=_("All States"))
    channel = django_filters.ChoiceFilter(
        label=_("Answered through"), empty_label=_("Any channel"), choices=Channel.choices
    )
    encrypted = django_filters.ChoiceFilter(
        label=_("Encryption"),
        empty_label=_("Encrypted or not"),
        choices=[(YES, _("Sent encrypted")), (NO, _("Sent unencrypted"))],
        method="sent_encrypted",
    )
    delivery = django_filters.ChoiceFilter(
        label=_("Delivery"),
        empty_label=_("Any delivery"),
        choices=[(UNDELIVERABLE, _("An e-mail was undeliverable"))],
        method="undeliverable",
    )
    q = django_filters.CharFilter(label=_("Contact, institution or e-mail"), max_length=200, method="search")

    class Meta:
        model = Ping
        fields = ["status", "state", "channel", "encrypted", "delivery", "q"]

    def __init__(self, *args, state_ids, **kwargs):
        """``state_ids``: the States of the pings the reader sees in the round (the State filter's choices)."""
        super().__init__(*args, **kwargs)
        states = sorted_by_name(State.objects.filter(pk__in=state_ids)) if state_ids else []
        self.filters["state"].extra["choices"] = [(state.iso3, state.name) for state in states]

    def with_status(self, pings: PingQuerySet, name: str, value: str) -> PingQuerySet:
        return pings.filter(STATUSES[value])

    def sent_encrypted(self, pings: PingQuerySet, name: str, value: str) -> PingQuerySet:
        return pings.filter(encrypted=value == YES)

    def undeliverable(self, pings: PingQuerySet, name: str, value: str) -> PingQuerySet:
        return pings.filter(Exists(PingMessage.objects.filter(ping=OuterRef("pk"), email__status=EmailStatus.FAILED)))

    def search(self, pings: PingQuerySet, name: str, value: str) -> PingQuerySet:
        text = normalise(value)
        return pings.filter(contact__search_text__contains=text) if text else pings

    def filtered(self, pings: PingQuerySet) -> PingQuerySet:
        """The pings the filters select: the very queryset given when none applies (or one is invalid: the form
        shows its error), so that the round's summary, which counted it, is not counted again."""
        if not self.is_bound or not self.form.is_valid():
            return pings
        return self.filter_queryset(pings)

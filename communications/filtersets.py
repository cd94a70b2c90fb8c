"""The filters of the communication lists (django-filter), the pages' and the API's: one parameter, one filter.

``CommunicationFilter`` is the API's list (its parameters are documented in the OpenAPI schema);
``CommunicationListFilter`` is the inbox, sent and needs-action pages': the API's filters that the pages offer,
declared again where the pages label them or offer more (urgency; "overdue" as a status), without the API's
others (a page's list is already one box). A parameter means the same on both (``is_exercise=true``), so
that a filtered address reads the same in both.
"""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communications.models import Communication, CommunicationStatus, Tlp, Urgency

OVERDUE = "overdue"
EXERCISES, REAL = "true", "false"


class CommunicationFilter(django_filters.FilterSet):
    directory = django_filters.CharFilter(field_name="directory__slug")
    sender_state = django_filters.CharFilter(field_name="sender_state__iso3")
    recipient_state = django_filters.CharFilter(field_name="recipient_state__iso3")
    status = django_filters.ChoiceFilter(choices=CommunicationStatus.choices)
    tlp = django_filters.ChoiceFilter(choices=Tlp.choices)
    is_exercise = django_filters.BooleanFilter()

    class Meta:
        model = Communication
        fields = ["directory", "sender_state", "recipient_state", "status", "tlp", "is_exercise"]


class CommunicationListFilter(CommunicationFilter):
    """The API's filters as the list pages show them, with the pages' own: urgency, and "overdue" as a status."""

    # Not offered by the pages (django-filter leaves out a parent's filter named None here).
    directory = sender_state = recipient_state = None

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Any status"),
        choices=[*CommunicationStatus.choices, (OVERDUE, _("Overdue (a deadline has passed)"))],
        method="with_status",
    )
    tlp = django_filters.ChoiceFilter(label="TLP", empty_label=_("Any TLP label"), choices=Tlp.choices)
    urgency = django_filters.ChoiceFilter(label=_("Urgency"), empty_label=_("Any urgency"), choices=Urgency.choices)
    is_exercise = django_filters.ChoiceFilter(
        label=_("Exercises"),
        empty_label=_("Exercises and real ones"),
        choices=[(REAL, _("Real ones only")), (EXERCISES, _("Exercises only"))],
        method="exercises",
    )

    class Meta:
        model = Communication
        fields = ["status", "tlp", "urgency", "is_exercise"]

    def with_status(self, communications: QuerySet, name: str, value: str) -> QuerySet:
        if value == OVERDUE:
            return communications.overdue(timezone.now())
        return communications.filter(status=value)

    def exercises(self, communications: QuerySet, name: str, value: str) -> QuerySet:
        return communications.filter(is_exercise=value == EXERCISES)

    def filtered(self, communications: QuerySet) -> QuerySet:
        """The communications the filters select; an address with an invalid value filters nothing (as before
        the filters were shared: the form shows its error)."""
        if not self.is_bound or not self.is_valid():
            return communications
        return self.filter_queryset(communications)

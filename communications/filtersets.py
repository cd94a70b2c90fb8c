"""The filters of the communication lists (django-filter): the query parameters each list understands."""

import django_filters

from communications.models import Communication, CommunicationStatus, Tlp


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

"""List filters of the API (django-filter) and its ordering: the query parameters each list understands."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters

from communications.models import Communication, CommunicationStatus, Tlp
from directory.choices import NominationStatus, RoleKind
from directory.models import Contact, Institution, Nomination
from repository.choices import DocumentKind, DocumentStatus
from repository.models import Document


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; a list asked for with none of its filters is served without building the filter
    form (which would leave it as it is, at a cost of about a page's worth of rows)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = tuple(filterset_class.base_filters)
        if not any(parameter.startswith(names) for parameter in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class NominationFilter(django_filters.FilterSet):
    directory = django_filters.CharFilter(field_name="directory__slug", help_text=_("A directory's slug."))
    state = django_filters.CharFilter(field_name="state__iso3", help_text=_("ISO 3166-1 alpha-3 code."))
    role = django_filters.ChoiceFilter(field_name="role__kind", choices=RoleKind.choices)
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices)

    class Meta:
        model = Nomination
        fields = ["directory", "state", "role", "status"]


class ContactFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(field_name="institution__state__iso3", help_text=_("ISO 3166-1 alpha-3 code."))
    institution = django_filters.UUIDFilter(field_name="institution__code")
    q = django_filters.CharFilter(method="search", help_text=_("Name, title, institution or e-mail address contains."))

    class Meta:
        model = Contact
        fields = ["state", "institution", "q"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class InstitutionFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(field_name="state__iso3", help_text=_("ISO 3166-1 alpha-3 code."))

    class Meta:
        model = Institution
        fields = ["state", "kind"]


class DocumentFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(field_name="state__iso3", help_text=_("ISO 3166-1 alpha-3 code."))
    directory = django_filters.CharFilter(
        method="of_directory", help_text=_("Documents of the States in this directory.")
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices)
    language = django_filters.CharFilter(method="in_language", help_text=_("ISO 639 code."))
    year = django_filters.NumberFilter(
        field_name="entry_into_force__year", min_value=1000, max_value=9999, help_text=_("Year of entry into force.")
    )
    q = django_filters.CharFilter(method="search", help_text=_("Words in the name, description or file text."))

    class Meta:
        model = Document
        fields = ["state", "directory", "kind", "status", "language", "year", "q"]

    def of_directory(self, queryset, name, value):
        return queryset.filter(state__participations__directory__slug=value)

    def in_language(self, queryset, name, value):
        return queryset.in_language(value)

    def search(self, queryset, name, value):
        return queryset.search(value)


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


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=field`` or ``-field``: one of the list's ``ordering_fields``; equal values in id order."""

    ordering_description = _(
        "Which field to order the list by, one of those listed (prefix it with - for descending order). "
        "Rows with equal values come in a fixed order, the same on every page."
    )

    def get_ordering(self, request, queryset, view):
        terms = request.query_params.get(self.ordering_param)
        if terms:
            valid = self.remove_invalid_fields(queryset, [term.strip() for term in terms.split(",")], view, request)
            if valid:
                # One field: a cursor moves along one index.
                return valid[:1]
        return self.get_default_ordering(view)

    def filter_queryset(self, request, queryset, view):
        return queryset  # the pagination orders every page (and a list without pages is never served)

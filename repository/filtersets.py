"""The filters of the document lists (django-filter): the query parameters each list understands."""

import django_filters
from django.utils.translation import gettext_lazy as _

from repository.choices import DocumentKind, DocumentStatus
from repository.models import Document


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

"""The filters of the directory's lists (django-filter): the query parameters each list understands."""

import django_filters
from django.utils.translation import gettext_lazy as _

from directory.choices import NominationStatus, RoleKind
from directory.models import Contact, Institution, Nomination


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

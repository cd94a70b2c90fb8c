"""The filters of the directory's lists (django-filter), the pages' and the API's: one parameter, one filter.

``NominationFilter``, ``ContactFilter`` and ``InstitutionFilter`` are the API's lists (their parameters are
documented in the OpenAPI schema). The pages' lists of nominations filter with subclasses of
``NominationFilter``: the same parameters (``state``, ``role``, ``status``) declared again where the pages label
them and offer their choices (the directory's States and roles), with those only the pages offer (a language,
24/7, stale nominations, words), without the API's others (a page's list is already one directory's).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory import names
from directory.choices import NominationStatus, RoleKind
from directory.models import (
    Contact,
    ContactLanguage,
    Directory,
    Institution,
    Nomination,
    NominationQuerySet,
    State,
    sorted_by_name,
)


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


class TickedFilter(django_filters.Filter):
    """A box to tick (a checkbox): ticked filters, not ticked leaves the list as it is."""

    field_class = forms.BooleanField


class DirectoryNominationFilter(NominationFilter):
    """The directory page's filters (and its downloads'): of its active nominations, a State's, a role's, those of
    contacts who speak a language or are reachable 24/7."""

    state = django_filters.ChoiceFilter(field_name="state__iso3", label=_("State"), empty_label=_("All States"))
    role = django_filters.ChoiceFilter(field_name="role__kind", label=_("Role"), empty_label=_("All roles"))
    language = django_filters.ChoiceFilter(
        field_name="contact__languages__code", label=_("Operating language"), empty_label=_("Any language")
    )
    is_24_7 = TickedFilter(label=_("Reachable 24/7 only"), method="reachable_24_7")
    # Not offered by the page (django-filter leaves out a parent's filter named None here).
    directory = status = None

    class Meta:
        model = Nomination
        fields = ["state", "role", "language", "is_24_7"]

    def __init__(self, *args, directory: Directory, **kwargs):
        super().__init__(*args, **kwargs)
        states = sorted_by_name(State.objects.filter(participations__directory=directory))
        self.filters["state"].extra["choices"] = [(state.iso3, state.name) for state in states]
        self.filters["role"].extra["choices"] = [(role.kind, role.get_kind_display()) for role in directory.roles.all()]
        used = ContactLanguage.codes_in_use()
        self.filters["language"].extra["choices"] = names.language_choices(set(used))

    def reachable_24_7(self, nominations: NominationQuerySet, name: str, value: bool) -> NominationQuerySet:
        return nominations.filter(contact__is_24_7=True) if value else nominations

    def filtered(self, nominations: NominationQuerySet) -> NominationQuerySet:
        """The nominations the filters select; an address with an invalid value filters nothing."""
        if not self.is_bound or not self.form.is_valid():
            return nominations
        return self.filter_queryset(nominations)


class ManagerNominationFilter(NominationFilter):
    """The managers' list of a directory's nominations: active ones unless stale or retired ones are asked for,
    found by contact, institution or State."""

    STALE = "stale"
    status = django_filters.ChoiceFilter(
        label=_("Show"),
        empty_label=_("Active nominations"),
        choices=[
            ("stale", _("Stale only (not verified for over 12 months)")),
            ("retired", _("Retired nominations")),
        ],
        method="with_status",
    )
    q = django_filters.CharFilter(label=_("Contact, institution or State"), method="search")
    # Not offered by the page (django-filter leaves out a parent's filter named None here).
    directory = state = role = None

    class Meta:
        model = Nomination
        fields = ["status", "q"]

    def with_status(self, nominations: NominationQuerySet, name: str, value: str) -> NominationQuerySet:
        return nominations.stale() if value == self.STALE else nominations.exclude(status="active")

    def search(self, nominations: NominationQuerySet, name: str, text: str) -> NominationQuerySet:
        return nominations.filter(
            Q(contact__name__icontains=text)
            | Q(contact__institution__name__icontains=text)
            | Q(state__english_name__icontains=text)
            | Q(state__iso3__iexact=text)
        )

    def filtered(self, nominations: NominationQuerySet) -> NominationQuerySet:
        """The nominations the filters select: the active ones when no status is asked for (or one is invalid)."""
        if not self.is_bound or not self.form.is_valid():
            return nominations.active()
        if not self.form.cleaned_data.get("status"):
            nominations = nominations.active()
        return self.filter_queryset(nominations)

"""The filters of the document lists (django-filter), the pages' and the API's: one parameter, one filter.

``DocumentFilter`` is the API's list (its parameters are documented in the OpenAPI schema); ``DocumentListFilter``
is the document pages' (a State's, a directory's, the public one): the same parameters and the same filtering,
declared again where the pages label them and offer their choices (the States of the list, the repository's
languages), without the API's ``directory`` (a page's list is already one directory's or one State's).
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from directory import names
from directory.models import State
from repository import search as document_search
from repository.choices import DocumentKind, DocumentStatus
from repository.models import DOCUMENT_LANGUAGES, Document


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


class YearFilter(django_filters.NumberFilter):
    """A year, read as a whole number (django-filter's number is a decimal)."""

    field_class = forms.IntegerField


class DocumentListFilter(DocumentFilter):
    """The API's document filters as the pages show them (the same on the signed-in and the public pages)."""

    q = django_filters.CharFilter(label=_("Words"), max_length=200, method="search")
    state = django_filters.ChoiceFilter(field_name="state__iso3", label=_("State"), empty_label=_("All States"))
    kind = django_filters.ChoiceFilter(label=_("Type"), empty_label=_("All types"), choices=DocumentKind.choices)
    year = YearFilter(field_name="entry_into_force__year", label=_("Year in force"), min_value=1900, max_value=2200)
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        empty_label=_("Any language"),
        choices=lambda: names.language_choices(set(DOCUMENT_LANGUAGES)),
        method="in_language",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("Any status"), choices=DocumentStatus.choices)
    # Not offered by the pages (django-filter leaves out a parent's filter named None here).
    directory = None

    class Meta:
        model = Document
        fields = ["q", "state", "kind", "year", "language", "status"]

    def __init__(self, *args, states: list[State] | None = None, **kwargs):
        """``states``: the States a reader may choose from; None: the list is one State's (no State filter)."""
        super().__init__(*args, **kwargs)
        if states is None:
            del self.filters["state"]
        else:
            self.filters["state"].extra["choices"] = [(state.iso3, state.name) for state in states]

    @property
    def searching(self) -> bool:
        """Whether words are searched for (the list is then sorted by relevance unless told otherwise)."""
        return (
            self.is_bound and self.form.is_valid() and bool(document_search.words(self.form.cleaned_data.get("q", "")))
        )

    def filtered(self, documents: QuerySet) -> QuerySet:
        """The documents the filters select; none for an address with an invalid value (its error is shown)."""
        if not self.is_bound:
            return documents
        if not self.form.is_valid():
            return documents.none()
        return self.filter_queryset(documents)

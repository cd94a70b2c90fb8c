"""The filter backends of every API list: django-filter's (skipped when no filter is asked for), and the order."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters


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

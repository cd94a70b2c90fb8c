"""The viewsets every app's API is made of: rows read through the one permission layer, lists read as columns.

Every view declares a guard (``access``) and reads rows through ``.restrict()``; a token's scope
(read-only, one directory) narrows what the user may do.
"""

from rest_framework import mixins, viewsets

from access.guards import SIGNED_IN
from access.principal import PUBLIC as PUBLIC_PRINCIPAL
from access.principal import Principal


class RestrictedViewSet(viewsets.GenericViewSet):
    """Rows of ``model`` the caller may see, through the one permission layer."""

    guard = SIGNED_IN
    model = None
    # The lookup from a row to its directory, so a token limited to one directory reads that directory's
    # rows only, whatever else the user's State-wide role would show (a coordinator sees the ping rounds
    # of every directory its State takes part in). None: the rows belong to no directory.
    directory_lookup: str | None = None

    @property
    def principal(self) -> Principal:
        # Schema generation runs the views without a request of the site (no principal): it sees no rows.
        return getattr(self.request, "principal", PUBLIC_PRINCIPAL)

    def get_queryset(self):
        return self.within_token_scope(self.model.objects.restrict(self.principal, "view"))

    def within_token_scope(self, queryset):
        scope = self.principal.directory_scope
        if scope is None or self.directory_lookup is None:
            return queryset
        return queryset.filter(**{self.directory_lookup: scope})


class ListFromColumns(mixins.ListModelMixin):
    """A list whose pages are read as plain values of the serializer's ``list_columns`` (``ReadFromColumns``)."""

    def list(self, request, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginator.paginate_values(queryset, request, self, list(serializer_class.list_columns.values()))
        return self.get_paginated_response(serializer_class.rows_as_represented(rows))

"""Ping test rounds in the REST API, and each round's results."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from pings import results
from pings.api import serializers
from pings.models import Ping, PingRound
from rest_api.viewsets import ListFromColumns, RestrictedViewSet


class PingRoundViewSet(ListFromColumns, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Ping test rounds the caller may see (managers of the directory, coordinators of its States)."""

    serializer_class = serializers.PingRoundSerializer
    lookup_field = "code"
    ordering_fields = ["started_at", "created"]

    model = PingRound
    directory_lookup = "directory_id"

    def get_queryset(self):
        return super().get_queryset().select_related("directory")

    @extend_schema(responses=serializers.RoundResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, code=None):
        """The round's figures over the pings the caller may see, by role, region and State."""
        ping_round = self.get_object()
        pings = Ping.objects.restrict(self.principal, "view")
        role_kinds = results.role_kinds_of(ping_round.directory)
        breakdown = results.results([ping_round], pings, role_kinds, with_states=True).rounds[0].breakdown
        return Response(serializers.RoundResultsSerializer(breakdown).data)

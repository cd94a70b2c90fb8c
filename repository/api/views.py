"""Policy and legislation documents in the REST API."""

from rest_framework import mixins

from repository.api import serializers
from repository.filtersets import DocumentFilter
from repository.models import Document
from rest_api.viewsets import RestrictedViewSet


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Policy and legislation documents the caller may read (public ones, and those its directories share)."""

    serializer_class = serializers.DocumentSerializer
    lookup_field = "code"
    filterset_class = DocumentFilter
    ordering_fields = ["name", "entry_into_force", "created", "updated"]
    model = Document

    def get_queryset(self):
        return super().get_queryset().with_details()

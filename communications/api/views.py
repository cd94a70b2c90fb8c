"""Communications' envelopes in the REST API."""

from rest_framework import mixins

from communications.api import serializers
from communications.filtersets import CommunicationFilter
from communications.models import Communication
from directory.models import Directory
from rest_api.viewsets import ListFromColumns, RestrictedViewSet


class CommunicationViewSet(ListFromColumns, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Envelopes of the communications the caller's State sent or received: never their content.

    Directory managers see none (they read the anonymised statistics on the site).
    """

    serializer_class = serializers.CommunicationSerializer
    lookup_field = "code"
    filterset_class = CommunicationFilter
    ordering = ["-sent_at"]
    ordering_fields = ["sent_at", "acknowledge_by", "answer_by"]
    model = Communication
    directory_lookup = "directory_id"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            # A token limited to one directory reads only that directory's communications.
            .filter(directory__in=Directory.objects.restrict(self.principal, "view"))
            .select_related("directory", "template_version__template", "sender_state", "recipient_state", "in_reply_to")
        )

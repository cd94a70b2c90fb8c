"""The CBM status of a directory in the REST API."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from cbm import services as cbm_services
from cbm.api import serializers
from directory.models import Directory
from rest_api.viewsets import RestrictedViewSet


class CbmStatusViewSet(RestrictedViewSet):
    """The confidence-building measures of a directory and each participating State's status."""

    model = Directory
    directory_lookup = "pk"
    lookup_field = "slug"
    serializer_class = serializers.CbmStatusSerializer
    pagination_class = None

    @extend_schema(responses=serializers.CbmStatusSerializer)
    def retrieve(self, request, slug=None):
        directory = self.get_object()
        catalogue = cbm_services.catalogue_of(directory)
        if catalogue is None:
            raise exceptions.NotFound(_("This directory has no catalogue of confidence-building measures."))
        return Response(serializers.CbmStatusSerializer(cbm_services.dashboard(directory, catalogue)).data)

"""The API's own pages: its OpenAPI schema and the reference listed from it.

Each app's resources are in its own ``api`` package (``<app>/api/views.py``); ``api.urls`` gathers their routes.
"""

from django.shortcuts import render
from drf_spectacular.views import SpectacularAPIView

from access.guards import PUBLIC
from api import documentation


class Schema(SpectacularAPIView):
    guard = PUBLIC


@PUBLIC
def docs(request):
    """The API's reference, listed from its OpenAPI schema in the site's layout (a page like any other)."""
    return render(request, "api/docs.html", {"reference": documentation.reference()})

"""The API's addresses: each installed app's resources (``<app>/api/urls.py``) under api/v1/, its schema and
documentation, and the API token pages. All are named in the ``api`` namespace (``api:contact-list``).

An app's resources are found by its module ``<app>.api.urls`` (its ``urlpatterns``), so a new app's API
needs no change here.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import include, path

from api import token_views, views

app_name = "api"


def _resources() -> list:
    """The routes of every project app that has a part in the API, in the order of ``INSTALLED_APPS``."""
    routes = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR:
            continue  # a library's app, not one of the project's
        module = f"{config.name}.api.urls"
        try:
            routes += import_module(module).urlpatterns
        except ModuleNotFoundError as missing:
            if missing.name not in (module, f"{config.name}.api"):
                raise
    return routes


urlpatterns = [
    path("api/v1/", include(_resources())),
    path("api/v1/schema/", views.Schema.as_view(), name="schema"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("account/api-tokens/", token_views.tokens, name="tokens"),
    path("account/api-tokens/<uuid:code>/revoke/", token_views.revoke, name="token_revoke"),
]

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("", include("audit.urls")),
    path("", include("directory.urls")),
    path("", include("pings.urls")),
    path("", include("pings.report_urls")),
    path("", include("messaging.urls")),
    path("", include("communications.urls")),
    path("", include("exchange.urls")),
    path("", include("api.urls")),
    path("", include("repository.urls")),
    path("", include("cbm.urls")),
]

handler404 = "api.errors.page_not_found"

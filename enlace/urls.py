from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # First: API requests are resolved on every call of a script, and the API's addresses are few and distinct
    # (api/v1/…), so other pages pay a handful of failed prefix checks for it, not the API dozens.
    path("", include("api.urls")),
    # Next: the ping confirmation is the page most opened (by every contact of a round, and by mail scanners
    # before them), without signing in; the ping pages' addresses (ping/…, pings/…, directories/<slug>/pings/…)
    # overlap no other app's, so placing them before the rest changes what resolves nowhere but saves the
    # confirmation a few dozen failed pattern checks.
    path("", include("pings.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("", include("audit.urls")),
    path("", include("directory.urls")),
    path("", include("pings.report_urls")),
    path("", include("communication_templates.urls")),
    path("", include("communications.urls")),
    path("", include("import_export.urls")),
    path("", include("repository.urls")),
    path("", include("cbm.urls")),
    path("", include("exercises.urls")),
    path("", include("events.urls")),
    path("", include("calendars.urls")),
    path("", include("tutorial.urls")),
    path("", include("learning.urls")),
    path("", include("surveys.urls")),
    path("", include("working_groups.urls")),
    path("", include("monitoring.urls")),
]

handler404 = "enlace.not_found.page_not_found"

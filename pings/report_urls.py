"""Results and the anonymised report of the ping tests (kept apart from the round pages)."""

from django.urls import path

from pings import report_views

app_name = "ping_reports"

urlpatterns = [
    path("directories/<slug:slug>/pings/results/", report_views.results_page, name="results"),
    path("directories/<slug:slug>/pings/report/", report_views.anonymised, name="anonymised"),
    path("directories/<slug:slug>/pings/report/csv/", report_views.anonymised_csv, name="anonymised_csv"),
    path("pings/rounds/<uuid:code>/report/publish/", report_views.publish, name="publish"),
]

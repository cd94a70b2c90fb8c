from django.urls import path

from import_export import views

app_name = "import_export"

urlpatterns = [
    path("directories/<slug:slug>/export.<str:format>", views.export, name="export"),
    path("directories/<slug:slug>/import/", views.import_exchange, name="import"),
    path("directories/<slug:slug>/import/spreadsheet/", views.import_spreadsheet, name="import_spreadsheet"),
    path("imports/<uuid:code>/", views.import_job, name="import_job"),
    path("imports/<uuid:code>/progress/", views.import_job_progress, name="import_job_progress"),
    path("imports/<uuid:code>/apply/", views.import_job_apply, name="import_job_apply"),
]

from django.urls import path

from cbm import views

app_name = "cbm"

urlpatterns = [
    path("directories/<slug:slug>/cbm/", views.dashboard, name="dashboard"),
    path("directories/<slug:slug>/cbm/csv/", views.dashboard_csv, name="csv"),
    path("directories/<slug:slug>/cbm/install/", views.install_catalogue, name="install"),
    path("directories/<slug:slug>/cbm/publish/", views.publish, name="publish"),
    path("directories/<slug:slug>/cbm/texts/", views.edit_catalogue, name="edit_catalogue"),
    path("directories/<slug:slug>/cbm/measures/<int:number>/", views.edit_measure, name="edit_measure"),
    path("directories/<slug:slug>/cbm/states/<str:iso3>/", views.state_report, name="state"),
    path("directories/<slug:slug>/public/cbm/", views.public_dashboard, name="public"),
    path("directories/<slug:slug>/public/cbm/csv/", views.public_csv, name="public_csv"),
]

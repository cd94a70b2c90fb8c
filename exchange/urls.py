from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("directories/<slug:slug>/export.<str:format>", views.export, name="export"),
    path("directories/<slug:slug>/import/", views.import_exchange, name="import"),
    path("directories/<slug:slug>/import/spreadsheet/", views.import_spreadsheet, name="import_spreadsheet"),
]

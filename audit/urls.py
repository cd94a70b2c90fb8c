from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [path("history/", views.change_log, name="change_log")]

from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("operations/health/", views.status, name="status"),
]

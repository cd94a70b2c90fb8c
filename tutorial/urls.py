from django.urls import path

from tutorial import views

app_name = "tutorial"

urlpatterns = [
    path("help/", views.index, name="index"),
    path("help/tour/not-now/", views.dismiss, name="dismiss"),
    path("help/tour/<slug:track>/", views.resume, name="resume"),
    path("help/tour/<slug:track>/<int:number>/", views.step, name="step"),
]

from django.urls import path

from communication_templates import views

app_name = "communication_templates"

urlpatterns = [
    path("directories/<slug:slug>/templates/", views.template_list, name="templates"),
    path("directories/<slug:slug>/templates/new/", views.template_new, name="template_new"),
    path("directories/<slug:slug>/templates/<slug:key>/revise/", views.template_revise, name="template_revise"),
    path(
        "directories/<slug:slug>/templates/<slug:key>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
]

from django.urls import path

from repository import views

app_name = "repository"

urlpatterns = [
    path("directories/<slug:slug>/documents/", views.directory_documents, name="documents"),
    path("directories/<slug:slug>/public/documents/", views.public_documents, name="public"),
    path("states/<str:iso3>/documents/", views.state_documents, name="state"),
    path("states/<str:iso3>/documents/new/", views.document_create, name="create"),
    path("documents/<uuid:code>/", views.document_detail, name="document"),
    path("documents/<uuid:code>/file/", views.document_file, name="file"),
    path("documents/<uuid:code>/edit/", views.document_edit, name="edit"),
    path("documents/<uuid:code>/reviewed/", views.document_reviewed, name="reviewed"),
]

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("directories/<slug:slug>/", views.directory_detail, name="detail"),
    path("directories/<slug:slug>/public/", views.public_directory, name="public"),
    path("directories/<slug:slug>/settings/", views.directory_settings, name="settings"),
    path("directories/<slug:slug>/nominations/", views.manager_nominations, name="manager_nominations"),
    path("contacts/<uuid:code>/", views.contact_detail, name="contact"),
    path("contacts/<uuid:code>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:code>/nominate/", views.contact_nominate, name="contact_nominate"),
    path("nominations/<uuid:code>/retire/", views.nomination_retire, name="nomination_retire"),
    path("nominations/<uuid:code>/reinstate/", views.nomination_reinstate, name="nomination_reinstate"),
    path("my-state/", views.my_state, name="my_state"),
    path("states/<str:iso3>/", views.state_manage, name="state_manage"),
    path("states/<str:iso3>/contacts/new/", views.contact_create, name="contact_create"),
    path("states/<str:iso3>/institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<uuid:code>/edit/", views.institution_edit, name="institution_edit"),
    path("institutions/<uuid:code>/delete/", views.institution_delete, name="institution_delete"),
]

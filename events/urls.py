from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("directories/<slug:slug>/events/", views.event_list, name="list"),
    path("directories/<slug:slug>/events/new/", views.event_new, name="new"),
    path("events/<uuid:code>/", views.event_detail, name="detail"),
    path("events/<uuid:code>/edit/", views.event_edit, name="edit"),
    path("events/<uuid:code>/register/", views.register, name="register"),
    path("events/<uuid:code>/cancel/", views.cancel_registration, name="cancel"),
    path("events/<uuid:code>/event.ics", views.event_ics, name="ics"),
    path("events/<uuid:code>/registrations/", views.registrations, name="registrations"),
    path("events/<uuid:code>/files/", views.attach_file, name="attach_file"),
    path("events/files/<uuid:code>/", views.event_file, name="file"),
    path("events/files/<uuid:code>/remove/", views.remove_file, name="remove_file"),
]

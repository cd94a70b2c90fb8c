from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("my/calendar/", views.mine, name="mine"),
    path("my/calendar/reset/", views.reset, name="reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("directories/<slug:slug>/calendar.ics", views.directory_feed, name="directory_feed"),
]

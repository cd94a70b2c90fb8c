from django.urls import path

from pings import views

app_name = "pings"

urlpatterns = [
    path("directories/<slug:slug>/pings/", views.round_list, name="rounds"),
    path("directories/<slug:slug>/pings/new/", views.round_new, name="round_new"),
    path("pings/rounds/<uuid:code>/", views.round_detail, name="round"),
    path("pings/rounds/<uuid:code>/progress/", views.round_progress, name="round_progress"),
    path("pings/<uuid:code>/record/", views.record_answer, name="record_answer"),
    path("pings/mine/", views.my_pings, name="mine"),
    path("pings/mine/<uuid:code>/", views.confirm_signed_in, name="confirm_signed_in"),
    path("ping/", views.enter_code, name="enter_code"),
    path("ping/<str:token>/", views.confirm, name="confirm"),
]

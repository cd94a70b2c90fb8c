from django.urls import path

from communications import views

app_name = "communications"

urlpatterns = [
    path("communications/", views.inbox, name="inbox"),
    path("communications/sent/", views.sent, name="sent"),
    path("communications/needs-action/", views.needs_action, name="needs_action"),
    path("communications/new/", views.choose, name="choose"),
    path("communications/new/<slug:slug>/recipients/", views.recipients, name="recipients"),
    path("communications/new/<slug:slug>/<slug:key>/", views.compose, name="compose"),
    path("communications/<uuid:code>/", views.detail, name="detail"),
    path("communications/<uuid:code>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("communications/<uuid:code>/answer/", views.answer, name="answer"),
    path("communications/<uuid:code>/escalate/", views.escalate, name="escalate"),
    path("acknowledge/<str:token>/", views.acknowledge_link, name="acknowledge_link"),
    path("directories/<slug:slug>/communications/statistics/", views.statistics, name="statistics"),
    path("directories/<slug:slug>/communications/escalation/", views.ladder, name="ladder"),
]

from django.urls import path, re_path

from working_groups import discussion_views, space_views, views

app_name = "working_groups"

urlpatterns = [
    path("directories/<slug:slug>/groups/", views.group_list, name="list"),
    path("directories/<slug:slug>/groups/new/", views.group_new, name="group_new"),
    path("directories/<slug:slug>/work-plans/new/", views.plan_new, name="plan_new"),
    path("groups/<uuid:code>/", views.group_detail, name="group"),
    path("groups/<uuid:code>/edit/", views.group_edit, name="group_edit"),
    path("work-plans/due/", views.due, name="due"),
    path("work-plans/<uuid:code>/", views.plan_detail, name="plan"),
    path("work-plans/<uuid:code>/edit/", views.plan_edit, name="plan_edit"),
    path("work-plans/<uuid:code>/print/", views.plan_print, name="plan_print"),
    path("work-plans/<uuid:code>/timeline/", views.plan_timeline, name="plan_timeline"),
    re_path(
        r"^work-plans/(?P<code>[0-9a-f-]{36})/plan\.(?P<file_format>csv|xlsx)$", views.plan_export, name="plan_export"
    ),
    path("work-plans/<uuid:code>/import/", views.plan_import, name="plan_import"),
    path("work-plans/<uuid:code>/lines/new/", views.line_new, name="line_new"),
    path("work-plans/<uuid:code>/products/new/", views.product_new, name="product_new"),
    path("products/<uuid:code>/", views.product_detail, name="product"),
    path("products/<uuid:code>/edit/", views.product_edit, name="product_edit"),
    path("products/<uuid:code>/progress/", views.product_progress, name="progress"),
    path("progress/<uuid:code>/file/", views.progress_file, name="progress_file"),
    path("groups/<uuid:code>/discussion/", discussion_views.group_discussion, name="group_discussion"),
    path("groups/<uuid:code>/discussion/e-mails/", discussion_views.discussion_settings, name="discussion_settings"),
    path("products/<uuid:code>/discussion/", discussion_views.product_discussion, name="product_discussion"),
    path("discussion/<uuid:code>/edit/", discussion_views.post_edit, name="post_edit"),
    path("discussion/<uuid:code>/delete/", discussion_views.post_delete, name="post_delete"),
    # The group's space: its documents and its meetings with their minutes.
    path("groups/<uuid:code>/documents/", space_views.document_list, name="documents"),
    path("groups/<uuid:code>/documents/new/", space_views.document_new, name="document_new"),
    path("group-documents/<uuid:code>/file/", space_views.document_file, name="document_file"),
    path("group-documents/<uuid:code>/delete/", space_views.document_delete, name="document_delete"),
    path("groups/<uuid:code>/meetings/new/", space_views.meeting_new, name="meeting_new"),
    path("group-meetings/<uuid:code>/", space_views.meeting_detail, name="meeting"),
    path("group-meetings/<uuid:code>/minutes/", space_views.meeting_minutes, name="meeting_minutes"),
    path("group-meetings/<uuid:code>/minutes/file/", space_views.minutes_file, name="minutes_file"),
]

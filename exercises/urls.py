from django.urls import path

from exercises import library_views, report_views, views

app_name = "exercises"

urlpatterns = [
    # Preparing and running (views)
    path("directories/<slug:slug>/exercises/", views.exercise_list, name="list"),
    path("directories/<slug:slug>/exercises/new/", views.exercise_new, name="new"),
    path("exercises/<uuid:code>/", views.exercise_detail, name="detail"),
    path("exercises/<uuid:code>/edit/", views.exercise_edit, name="edit"),
    path("exercises/<uuid:code>/board/", views.board, name="board"),
    path("exercises/<uuid:code>/control/", views.control, name="control"),
    path("exercises/<uuid:code>/injects/new/", views.inject_new, name="inject_new"),
    path("exercises/injects/<uuid:code>/edit/", views.inject_edit, name="inject_edit"),
    path("exercises/injects/<uuid:code>/delete/", views.inject_delete, name="inject_delete"),
    path("exercises/injects/<uuid:code>/send/", views.inject_send, name="inject_send"),
    path("exercises/deliveries/<int:pk>/mark/", views.mark_action, name="mark_action"),
    path("exercises/checks/<uuid:code>/record/", views.record_check, name="record_check"),
    path("exercise-check/<str:token>/", views.acknowledge, name="acknowledge"),
    # The after-action report (report_views)
    path("exercises/<uuid:code>/report/", report_views.report, name="report"),
    path("exercises/<uuid:code>/report.csv", report_views.report_csv, name="report_csv"),
    path("exercises/<uuid:code>/report/print/", report_views.report_print, name="report_print"),
    path("exercises/<uuid:code>/report/publish/", report_views.publish, name="publish"),
    path("exercises/<uuid:code>/lessons/new/", report_views.lesson_new, name="lesson_new"),
    path("exercises/lessons/<int:pk>/delete/", report_views.lesson_delete, name="lesson_delete"),
    # The library: templates, copies, JSON files (library_views)
    path("exercises/<uuid:code>/save-as-template/", library_views.save_as_template, name="save_as_template"),
    path("exercises/<uuid:code>/use/", library_views.use_template, name="use_template"),
    path("exercises/<uuid:code>/copy/", library_views.copy, name="copy"),
    path("exercises/<uuid:code>/export.json", library_views.export_json, name="export_json"),
    path("directories/<slug:slug>/exercises/import/", library_views.import_json, name="import_json"),
]

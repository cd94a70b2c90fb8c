from django.urls import path, register_converter

from surveys import views


class SpreadsheetFormat:
    """The formats a survey's answers and report are exported in."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SpreadsheetFormat, "spreadsheet")

app_name = "surveys"

urlpatterns = [
    path("directories/<slug:slug>/surveys/", views.survey_list, name="list"),
    path("directories/<slug:slug>/surveys/new/", views.survey_new, name="new"),
    path("surveys/<uuid:code>/", views.survey_detail, name="detail"),
    path("surveys/<uuid:code>/edit/", views.survey_edit, name="edit"),
    path("surveys/<uuid:code>/sections/new/", views.section_new, name="section_new"),
    path("surveys/sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("surveys/sections/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("surveys/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("surveys/questions/<int:pk>/remove/", views.question_delete, name="question_delete"),
    path("surveys/<uuid:code>/questionnaire.json", views.questionnaire_export, name="export"),
    path("surveys/<uuid:code>/import/", views.questionnaire_import, name="import"),
    path("surveys/<uuid:code>/open/", views.survey_open, name="open"),
    path("surveys/<uuid:code>/close/", views.survey_close, name="close"),
    path("surveys/<uuid:code>/answer/", views.answer, name="answer"),
    path("surveys/<uuid:code>/answer/confirm/", views.confirm, name="confirm"),
    path("surveys/answers/<uuid:pk>/", views.response_copy, name="response"),
    path("surveys/evidence/<uuid:pk>/", views.evidence_file, name="evidence"),
    path("surveys/answers/<uuid:pk>/reopen/", views.reopen, name="reopen"),
    path("surveys/answers/<uuid:pk>/submitter/", views.name_submitter, name="name_submitter"),
    path("surveys/<uuid:code>/results/", views.live_results, name="results"),
    path("surveys/<uuid:code>/report/", views.report, name="report"),
    path("surveys/<uuid:code>/report.<spreadsheet:fmt>", views.report_export, name="report_export"),
    path("surveys/<uuid:code>/publish/", views.publish, name="publish"),
    path("surveys/<uuid:code>/answers.<spreadsheet:fmt>", views.answers_export, name="answers_export"),
    path("surveys/<uuid:code>/answers/import/", views.answers_import, name="answers_import"),
    path("directories/<slug:slug>/surveys/reports/", views.public_reports, name="public_reports"),
    path("directories/<slug:slug>/surveys/reports/<uuid:code>/", views.public_report, name="public_report"),
]

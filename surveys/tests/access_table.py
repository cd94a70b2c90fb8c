"""Who may open the surveys' pages, role by role: this app's rows of the access table, and the records of the
test world they need (``add_to_world``)."""

from django.core.files.base import ContentFile

from access.principal import Principal, principal_of
from access.tests.access_cases import D1_READERS, EVERYONE, SIGNED_IN, Case
from enlace.testing.world import World
from repository.pdf import make_pdf
from surveys import services
from surveys.choices import ReportAudience
from surveys.models import Choice, EvidenceFile, Question, Response, Section, Survey
from surveys.tests.questionnaire import new_survey

MANAGER_D1 = frozenset({"manager_d1"})
# Those a survey of D1 with one answer per State asks: the members of its States (not its manager as such).
D1_ASKED = frozenset({"poc_a", "poc_b", "coord_a"})


def add_to_world(world: World) -> dict:
    """An open survey of D1 (State A's answer a draft, B's submitted) and a draft survey."""
    survey = new_survey(world.d1, title="Threat Survey Alpha")
    draft = new_survey(world.d1, title="Draft Survey Alpha", is_open=False)
    closed = new_survey(world.d1, title="Closed Survey Alpha")
    services.close_survey(closed)
    services.publish_report(closed, ReportAudience.PUBLIC)
    kept = {"q1": ("c2", "")}
    a = services.save_answers(survey, _principal(world, "poc_a"), world.users["poc_a"], kept, submit=False)
    b = services.save_answers(survey, _principal(world, "poc_b"), world.users["poc_b"], kept, submit=False)
    services.name_submitter(b, world.users["poc_b"])
    services.save_answers(survey, _principal(world, "poc_b"), world.users["poc_b"], kept, submit=True)
    evidence = EvidenceFile(survey=survey, response=a, file_type="pdf")
    evidence.file.save("evidence.pdf", ContentFile(make_pdf(["State A's strategy"])))
    return {
        "survey_open": survey,
        "survey_draft": draft,
        "survey_closed": closed,
        "survey_section": Section.objects.filter(version__survey=draft).first(),
        "survey_question": Question.objects.filter(version__survey=draft, code="q3").first(),
        "survey_response_a": a,
        "survey_response_b": Response.objects.get(pk=b.pk),
        "survey_evidence_a": evidence,
    }


def _principal(world: World, role: str) -> Principal:
    return principal_of(world.users[role])


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


def _pk(name: str):
    return lambda world: {"pk": getattr(world, name).pk}


def _form(world) -> dict:
    return {
        "original_language": "en",
        "title_en": "Implementation Survey Alpha",
        "respondent_kind": "per_state",
        "anonymity": "confidential",
        "opens_at": "2031-03-01T10:00",
        "closes_at": "2031-04-01T10:00",
        "remind_days_before": "7",
    }


ROWS = {
    "surveys:list": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "surveys:new": [
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}),
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}, method="POST", data=_form),
    ],
    "surveys:detail": [
        Case(D1_READERS, _code("survey_open"), note="open to every State of D1"),
        Case(MANAGER_D1, _code("survey_draft"), note="a draft is its managers' only"),
    ],
    "surveys:edit": [
        Case(MANAGER_D1, _code("survey_draft")),
        Case(MANAGER_D1, _code("survey_draft"), method="POST", data=_form),
    ],
    "surveys:section_new": [Case(MANAGER_D1, _code("survey_draft"))],
    "surveys:section_edit": [Case(MANAGER_D1, _pk("survey_section"))],
    "surveys:question_new": [Case(MANAGER_D1, _pk("survey_section"))],
    "surveys:question_edit": [Case(MANAGER_D1, _pk("survey_question"))],
    "surveys:question_delete": [Case(MANAGER_D1, _pk("survey_question"), method="POST")],
    "surveys:export": [Case(MANAGER_D1, _code("survey_open"))],
    "surveys:import": [Case(MANAGER_D1, _code("survey_draft"))],
    "surveys:open": [Case(MANAGER_D1, _code("survey_draft"), method="POST")],
    "surveys:close": [Case(MANAGER_D1, _code("survey_open"), method="POST")],
    "surveys:answer": [Case(D1_ASKED, _code("survey_open"), note="B's answer is submitted: B is shown its copy")],
    "surveys:confirm": [Case(D1_ASKED, _code("survey_open"))],
    "surveys:response": [
        Case(frozenset({"poc_a", "coord_a", "manager_d1"}), _pk("survey_response_a"), note="never another State"),
        Case(frozenset({"poc_b", "manager_d1"}), _pk("survey_response_b")),
    ],
    "surveys:evidence": [
        Case(frozenset({"poc_a", "coord_a", "manager_d1"}), _pk("survey_evidence_a"), note="as State A's answer")
    ],
    "surveys:reopen": [Case(MANAGER_D1, _pk("survey_response_b"), method="POST")],
    "surveys:name_submitter": [
        Case(frozenset({"coord_a"}), _pk("survey_response_a"), method="POST", note="A's coordinator only")
    ],
    "surveys:results": [Case(MANAGER_D1, _code("survey_open"))],
    "surveys:report": [
        Case(D1_READERS, _code("survey_closed"), note="published: those it asked read it"),
        Case(MANAGER_D1, _code("survey_open"), note="unpublished: its managers only"),
    ],
    "surveys:report_export": [
        Case(D1_READERS, lambda w: {"code": w.survey_closed.code, "fmt": "csv"}),
        Case(D1_READERS, lambda w: {"code": w.survey_closed.code, "fmt": "xlsx"}),
    ],
    "surveys:publish": [
        Case(MANAGER_D1, _code("survey_closed"), method="POST", data=lambda w: {"report_audience": "public"})
    ],
    "surveys:answers_export": [
        Case(D1_READERS, lambda w: {"code": w.survey_open.code, "fmt": "csv"}, note="a State: its own answer only"),
        Case(D1_READERS, lambda w: {"code": w.survey_open.code, "fmt": "xlsx"}),
    ],
    "api:survey-list": [Case(SIGNED_IN)],
    "api:survey-detail": [Case(D1_ASKED, _code("survey_open"), note="those it asks, to answer it")],
    "api:survey-draft": [
        Case(
            frozenset({"poc_a", "coord_a"}),
            _code("survey_open"),
            method="POST",
            data=lambda w: {"answers.q1": "c2"},
            note="B's answer is submitted: no more drafts",
        )
    ],
    "api:survey-submit": [
        Case(
            frozenset({"coord_a"}),
            _code("survey_open"),
            method="POST",
            data=lambda w: {"answers.q1": "c2"},
            note="A's coordinator; its point of contact only when named",
        )
    ],
    "surveys:answers_import": [Case(MANAGER_D1, _code("survey_open"))],
    "surveys:public_reports": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
    "surveys:public_report": [Case(EVERYONE, lambda w: {"slug": w.d1.slug, "code": w.survey_closed.code})],
}

# The surveys' key pages, which the accessibility and every-language tests open for each role.
KEY_PAGES = {
    "poc_a": [
        ("surveys:list", lambda w: {"slug": w.d1.slug}),
        ("surveys:detail", lambda w: {"code": w.survey_open.code}),
        ("surveys:answer", lambda w: {"code": w.survey_open.code}),
        ("surveys:confirm", lambda w: {"code": w.survey_open.code}),
        ("surveys:response", lambda w: {"pk": w.survey_response_a.pk}),
        ("surveys:report", lambda w: {"code": w.survey_closed.code}),
    ],
    "manager_d1": [
        ("surveys:list", lambda w: {"slug": w.d1.slug}),
        ("surveys:new", lambda w: {"slug": w.d1.slug}),
        ("surveys:detail", lambda w: {"code": w.survey_open.code}),
        ("surveys:detail", lambda w: {"code": w.survey_draft.code}),
        ("surveys:edit", lambda w: {"code": w.survey_draft.code}),
        ("surveys:section_new", lambda w: {"code": w.survey_draft.code}),
        ("surveys:question_edit", lambda w: {"pk": w.survey_question.pk}),
        ("surveys:response", lambda w: {"pk": w.survey_response_b.pk}),
        ("surveys:results", lambda w: {"code": w.survey_open.code}),
        ("surveys:report", lambda w: {"code": w.survey_closed.code}),
    ],
}


def names_people_wrote() -> list[str]:
    """What the surveys' writers wrote in the test world (titles, questions, choices): data, not interface text."""
    return [
        *Survey.objects.values_list("title", flat=True),
        *Section.objects.values_list("title", flat=True),
        *Question.objects.values_list("text", flat=True),
        *Choice.objects.values_list("label", flat=True),
    ]

"""A point of contact answers in a browser: a question asked only for one earlier answer appears when that answer
is chosen, and the draft is found again; a point of contact reading Enlace in Spanish answers a grid in Spanish,
by mouse and by keyboard, keeps a draft, comes back to it and submits."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from directory.choices import RoleKind
from enlace.testing.browser import new_context, sign_in, tab_to
from enlace.testing.factories import (
    PASSWORD,
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    point_of_contact,
    state,
)
from surveys import services
from surveys.choices import Anonymity, QuestionKind, RespondentKind, ResponseStatus
from surveys.models import Question, Response, Section, Survey
from surveys.tests.questionnaire import new_survey


@pytest.mark.browser
def test_a_conditional_question_appears_when_its_answer_is_chosen_and_the_draft_is_kept(page, live_server):
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas-browser", name="OAS network", states=[mexico])
    desk = ContactFactory(institution=InstitutionFactory(state=mexico), name="Desk Mexico")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    poc = point_of_contact(desk, email="desk@mx.example.org", name="Desk Mexico")
    survey = new_survey(directory, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.CONFIDENTIAL)

    sign_in(page, poc)
    page.goto(live_server.url + reverse("surveys:answer", args=[survey.code]))
    follow_up = page.locator("#question-q2")
    expect(follow_up).to_be_hidden()
    page.get_by_label("Yes, a strategy").check()
    expect(follow_up).to_be_visible()
    page.get_by_label("Which agency leads it?").fill("National CERT")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft was saved.")).to_be_visible()
    expect(page.get_by_label("Which agency leads it?")).to_have_value("National CERT")
    page.get_by_label("Not yet").check()
    expect(follow_up).to_be_hidden()


def _spanish_questionnaire(directory) -> Survey:
    """An open survey of persons written in English and Spanish: a one-choice question and a grid of capacity per
    area (three rows, three columns)."""
    now = timezone.now()
    survey = services.create_survey(
        Survey(
            directory=directory,
            title="Capacity survey",
            title_translations={"es": "Encuesta de capacidades"},
            respondent_kind=RespondentKind.PER_PERSON,
            anonymity=Anonymity.CONFIDENTIAL,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=28),
        )
    )
    section = Section.objects.create(
        version=survey.current_version, title="Capacities", title_translations={"es": "Capacidades"}, position=1
    )
    services.save_question(
        Question(
            version=section.version,
            section=section,
            code="q1",
            kind=QuestionKind.SINGLE,
            position=1,
            required=True,
            text="Does your State have a national CERT?",
            text_translations={"es": "¿Tiene su Estado un CERT nacional?"},
        ),
        {"en": ["Yes", "Not yet"], "es": ["Sí", "Todavía no"]},
        {},
    )
    services.save_question(
        Question(
            version=section.version,
            section=section,
            code="q2",
            kind=QuestionKind.MATRIX,
            position=2,
            required=True,
            text="How mature is each capacity?",
            text_translations={"es": "¿Qué tan madura es cada capacidad?"},
        ),
        {"en": ["Low", "Medium", "High"], "es": ["Baja", "Media", "Alta"]},
        {
            "en": ["Incident response", "Forensics", "Awareness"],
            "es": ["Respuesta a incidentes", "Análisis forense", "Concienciación"],
        },
    )
    services.open_survey(survey, now=now)
    survey.refresh_from_db()
    return survey


def sign_in_in_spanish(page, user) -> None:
    """The sign-in form, in a browser that reads Spanish (the site's pages follow the browser's language)."""
    login_form = page.locator("form").filter(has=page.locator("input[name=login]"))
    login_form.locator("input[name=login]").fill(user.email)
    login_form.locator("input[name=password]").fill(PASSWORD)
    login_form.locator("button[type=submit]").click()
    expect(page.get_by_role("button", name="Cerrar sesión", include_hidden=True)).to_be_attached()


@pytest.mark.browser
def test_a_spanish_point_of_contact_answers_a_grid_in_spanish_by_mouse_and_keyboard_and_submits(
    browser, live_server, mailbox, settings
):
    settings.SITE_URL = live_server.url
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas-grid", name="OAS network", states=[mexico])
    desk = ContactFactory(institution=InstitutionFactory(state=mexico), name="Mesa México")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    poc = point_of_contact(desk, email="mesa@mx.example.org", name="Mesa México", language="es")
    survey = _spanish_questionnaire(directory)
    [invitation] = mailbox.to(poc.email)
    assert invitation["Subject"] == "Encuesta: Encuesta de capacidades"
    link = re.search(r"http://\S+", invitation.get_body(("plain",)).get_content()).group(0)

    context = new_context(browser, live_server.url, locale="es")
    page = context.new_page()
    try:
        page.goto(link)
        sign_in_in_spanish(page, poc)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Encuesta de capacidades")
        _answer_the_grid_in_spanish(page)
    finally:
        context.close()

    response = Response.objects.get(survey=survey, user=poc)
    assert response.status == ResponseStatus.SUBMITTED
    assert {answer.question.code: answer.value for answer in response.answers.select_related("question")} == {
        "q1": "c1",
        "q2": {"r1": "c3", "r2": "c1", "r3": "c2"},
    }


def _answer_the_grid_in_spanish(page) -> None:
    page.get_by_role("link", name="Responder a la encuesta").click()
    expect(page.get_by_role("heading", name="Su respuesta")).to_be_visible()
    expect(page.get_by_role("heading", name="Capacidades")).to_be_visible()
    grid = page.locator("#question-q2")
    expect(grid.locator("legend").first).to_have_text("q2. ¿Qué tan madura es cada capacidad?")
    for row in ("Respuesta a incidentes", "Análisis forense", "Concienciación"):
        group = grid.get_by_role("group", name=row)
        for column in ("Baja", "Media", "Alta"):
            expect(group.get_by_role("radio", name=column, exact=True)).to_be_visible()

    # By mouse: the first question and two rows of the grid; the draft is saved.
    page.get_by_role("radio", name="Sí", exact=True).click()
    grid.get_by_role("group", name="Respuesta a incidentes").get_by_role("radio", name="Alta").click()
    grid.get_by_role("group", name="Análisis forense").get_by_role("radio", name="Baja").click()
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_text("Se guardó su borrador.")).to_be_visible()

    # Coming back later, the draft is there.
    page.get_by_role("link", name="Encuesta de capacidades").click()
    page.get_by_role("link", name="Seguir respondiendo").click()
    expect(page.get_by_role("radio", name="Sí", exact=True)).to_be_checked()
    expect(grid.get_by_role("group", name="Respuesta a incidentes").get_by_role("radio", name="Alta")).to_be_checked()
    expect(grid.get_by_role("group", name="Análisis forense").get_by_role("radio", name="Baja")).to_be_checked()

    # By keyboard: the last row, from its first choice by the arrow key (a radio group's own keys).
    awareness = grid.get_by_role("group", name="Concienciación")
    first = awareness.get_by_role("radio", name="Baja")
    tab_to(page, first)
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(awareness.get_by_role("radio", name="Media")).to_be_checked()
    expect(awareness.get_by_role("radio", name="Media")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Revisar y enviar"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Enviar su respuesta")).to_be_visible()
    expect(page.get_by_text("Concienciación: Media")).to_be_visible()
    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.get_by_text("Gracias: se envió su respuesta.")).to_be_visible()

"""A survey from building to publishing, end to end.

The manager builds a questionnaire in English and Spanish through the builder's pages, the survey's page naming
the languages still missing until they are written; it opens, its questions freeze and an edit afterwards changes
nothing respondents see. Points of contact answer in their own language (Mexico's in Spanish and Kenya's in
English, in a real browser); the hourly job, run after the clock moves, reminds by e-mail (over SMTP) only those
who have not submitted, each in their language, and later closes the survey. The report shows the figures
computed here from what was answered, with the small regions hidden so that no subtraction reveals them; the
manager publishes it and a participant, and the directory's public page, read it.
"""

import contextlib
import csv
import io
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from access.principal import principal_of
from accounts.models import Role, RoleAssignment
from directory.choices import Region, RoleKind
from enlace.testing.browser import new_context, sign_in
from enlace.testing.factories import (
    PASSWORD,
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    enrol_totp,
    point_of_contact,
    state,
)
from surveys import tasks
from surveys.choices import ReportAudience, ResponseStatus, SurveyStatus
from surveys.models import Question, Response, Survey
from surveys.services import save_answers

# Who is asked, by State: (ISO3, the language the person reads Enlace in, whether they submit).
PEOPLE = [
    ("MEX", "es", True),  # answers in a browser, in Spanish
    ("KEN", "en", True),  # answers in a browser, in English
    ("ARG", "es", True),
    ("CHL", "es", True),
    ("COL", "es", True),
    ("PER", "es", True),
    ("BRA", "pt", True),
    ("NGA", "en", True),
    ("GHA", "en", True),
    ("SEN", "fr", True),
    ("ZAF", "en", True),
    ("EST", "en", True),
    ("URY", "es", False),  # keeps a draft, never submits
    ("GBR", "en", False),  # never begins
]
# What the points of contact answered without a browser: q1, the grid's two rows, and q3.
OTHERS_ANSWER = {
    "ARG": ("c1", {"r1": "c3", "r2": "c2"}, ""),
    "CHL": ("c1", {"r1": "c2", "r2": "c2"}, ""),
    "COL": ("c2", {"r1": "c1", "r2": "c1"}, ""),
    "PER": ("c1", {"r1": "c2", "r2": "c1"}, ""),
    "BRA": ("c1", {"r1": "c3", "r2": "c3"}, "Exercícios regionais"),
    "NGA": ("c2", {"r1": "c1", "r2": "c1"}, ""),
    "GHA": ("c1", {"r1": "c2", "r2": "c2"}, ""),
    "SEN": ("c1", {"r1": "c3", "r2": "c2"}, ""),
    "ZAF": ("c1", {"r1": "c3", "r2": "c3"}, ""),
    "EST": ("c2", {"r1": "c2", "r2": "c1"}, ""),
}


@contextlib.contextmanager
def clock_at(moment: datetime):
    """Time moves for the product (the hourly job reads ``timezone.now``) rather than the test sleeping."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


@pytest.fixture
def network(live_server, settings):
    """A public directory of fourteen States, its manager (with an authenticator) and one point of contact each."""
    settings.SITE_URL = live_server.url
    settings.MFA_TOTP_TOLERANCE = 1
    states = {iso3: state(iso3) for iso3, _language, _submits in PEOPLE}
    directory = DirectoryFactory(
        slug="oas-capacity", name="OAS network", states=list(states.values()), is_listed_publicly=True
    )
    manager = UserFactory(name="Secretaría OEA", email="manager@oas.example.org")
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)
    people = {}
    for iso3, language, _submits in PEOPLE:
        desk = ContactFactory(institution=InstitutionFactory(state=states[iso3]), name=f"Desk {iso3}")
        NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
        people[iso3] = point_of_contact(
            desk, email=f"desk@{iso3.lower()}.example.org", name=f"Desk {iso3}", language=language
        )
    return directory, manager, enrol_totp(manager), people


def _missing_on(page) -> list[str]:
    """The languages the page says some text still lacks."""
    return page.locator(".badge.text-bg-warning").all_inner_texts()


def _fill_texts(page, texts: dict) -> None:
    """The builder's text boxes by their labels, e.g. "Question (Spanish)"; every other box as it is."""
    for label, text in texts.items():
        page.get_by_label(label, exact=True).fill(text)


def _save(page, saved: str) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(saved)).to_be_visible()


def _build(page, directory, *, opens: datetime, closes: datetime) -> Survey:
    """The builder's pages, as the manager fills them: the survey, a section and three questions; Spanish comes
    late for some texts, and the survey's page lists Spanish as missing until it is written."""
    moment = "%Y-%m-%dT%H:%M"
    page.goto(reverse("surveys:list", args=[directory.slug]))
    page.get_by_role("link", name="New survey").click()
    _fill_texts(page, {"Title (English)": "Regional capacity survey"})
    page.locator("[name=respondent_kind]").select_option("per_person")
    page.locator("[name=anonymity]").select_option("confidential")
    page.locator("[name=opens_at]").fill(opens.strftime(moment))
    page.locator("[name=closes_at]").fill(closes.strftime(moment))
    page.locator("[name=remind_days_before]").fill("7")
    _save(page, "The survey was saved. Add its sections and questions.")
    survey = Survey.objects.get(directory=directory)
    assert "Spanish" in _missing_on(page)

    page.get_by_role("link", name="Add a section").click()
    _fill_texts(page, {"Title (English)": "Capacities"})
    _save(page, "The section was saved.")

    questions = [
        (
            "single",
            {
                "Question (English)": "Does your State have a national CERT?",
                "Choices, one per line (English)": "Yes\nNot yet",
            },
        ),
        (
            "matrix",
            {
                "Question (English)": "How mature is each capacity?",
                "Question (Spanish)": "¿Qué tan madura es cada capacidad?",
                "Choices, one per line (English)": "Low\nMedium\nHigh",
                "Choices, one per line (Spanish)": "Baja\nMedia\nAlta",
                "Grid rows, one per line (English)": "Incident response\nForensics",
                "Grid rows, one per line (Spanish)": "Respuesta a incidentes\nAnálisis forense",
            },
        ),
        ("long_text", {"Question (English)": "What would help most?", "Question (Spanish)": "¿Qué ayudaría más?"}),
    ]
    for number, (kind, texts) in enumerate(questions, start=1):
        page.get_by_role("link", name="Add a question").click()
        expect(page.locator("[name=code]")).to_have_value(f"q{number}")
        page.locator("[name=kind]").select_option(kind)
        page.locator("[name=position]").fill(str(number))
        if kind != "long_text":
            page.locator("[name=required]").check()
        _fill_texts(page, texts)
        _save(page, "The question was saved.")
    assert list(Question.objects.filter(version=survey.current_version).values_list("code", flat=True)) == [
        "q1",
        "q2",
        "q3",
    ]
    assert "Spanish" in _missing_on(page)

    # The Spanish texts still missing: the survey's title, the section's, the first question's.
    page.get_by_role("link", name="Change the survey").click()
    _fill_texts(page, {"Title (Spanish)": "Encuesta regional de capacidades"})
    _save(page, "The survey was saved.")
    page.get_by_role("link", name="Change Capacities").click()
    _fill_texts(page, {"Title (Spanish)": "Capacidades"})
    _save(page, "The section was saved.")
    assert "Spanish" in _missing_on(page)
    page.get_by_role("link", name="Change q1").click()
    _fill_texts(
        page,
        {
            "Question (Spanish)": "¿Tiene su Estado un CERT nacional?",
            "Choices, one per line (Spanish)": "Sí\nTodavía no",
        },
    )
    _save(page, "The question was saved.")
    expect(page.locator(".badge.text-bg-warning", has_text="French")).to_be_visible()
    assert "Spanish" not in _missing_on(page)
    survey.refresh_from_db()
    return survey


def _open_and_try_to_change(page, client: Client, survey: Survey) -> None:
    """The manager opens the survey by its button; an edit sent afterwards (a builder page left open) is refused."""
    first = Question.objects.get(version=survey.current_version, code="q1")
    page.get_by_role("button", name="Open the survey and invite").click()
    expect(page.get_by_text("The survey is open. Invitations sent: 14.")).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and survey.current_version.is_frozen
    refused = client.post(
        reverse("surveys:question_edit", args=[first.pk]),
        {
            "original_language": "en",
            "code": "q1",
            "kind": "single",
            "position": "1",
            "text_en": "Changed after opening?",
            "text_es": "¿Cambiada tras abrir?",
            "choices_en": "A\nB",
            "choices_es": "A\nB",
        },
        follow=True,
    )
    assert "The survey has opened: its questions no longer change." in refused.content.decode()


def _answer_in_a_browser(browser, live_server, person, language: str, clicks: dict) -> None:
    """The person follows the invitation's link, signs in and answers by clicking, in the language it reads."""
    context = new_context(browser, live_server.url, locale=language)
    page = context.new_page()
    words = WORDS[language]
    try:
        page.goto(clicks["link"])
        login_form = page.locator("form").filter(has=page.locator("input[name=login]"))
        login_form.locator("input[name=login]").fill(person.email)
        login_form.locator("input[name=password]").fill(PASSWORD)
        login_form.locator("button[type=submit]").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(words["title"])
        page.get_by_role("link", name=words["answer"]).click()
        expect(page.get_by_role("heading", name=words["section"])).to_be_visible()
        # What the manager wrote before opening, not the edit refused afterwards.
        expect(page.locator("#question-q1")).to_contain_text(words["q1"])
        page.get_by_role("radio", name=clicks["q1"], exact=True).click()
        grid = page.locator("#question-q2")
        for row, column in clicks["q2"].items():
            grid.get_by_role("group", name=row).get_by_role("radio", name=column, exact=True).click()
        page.get_by_label(words["q3"]).fill(clicks["q3"])
        page.get_by_role("button", name=words["review"]).click()
        page.get_by_role("button", name=words["submit"], exact=True).click()
        expect(page.get_by_text(words["thanks"])).to_be_visible()
    finally:
        context.close()


WORDS = {
    "es": {
        "title": "Encuesta regional de capacidades",
        "answer": "Responder a la encuesta",
        "section": "Capacidades",
        "q1": "¿Tiene su Estado un CERT nacional?",
        "q3": "q3. ¿Qué ayudaría más?",
        "review": "Revisar y enviar",
        "submit": "Enviar",
        "thanks": "Gracias: se envió su respuesta.",
    },
    "en": {
        "title": "Regional capacity survey",
        "answer": "Answer the survey",
        "section": "Capacities",
        "q1": "Does your State have a national CERT?",
        "q3": "q3. What would help most?",
        "review": "Review and submit",
        "submit": "Submit",
        "thanks": "Thank you: your answer was submitted.",
    },
}


def _link_in(message) -> str:
    return re.search(r"http://\S+", message.get_body(("plain",)).get_content()).group(0)


def _percent(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %"


@pytest.mark.browser
def test_a_survey_is_built_in_two_languages_answered_reminded_closed_reported_and_published(
    browser, live_server, mailbox, network
):
    directory, manager, secret, people = network
    manager_client = Client()
    manager_client.force_login(manager)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    desk = new_context(browser, live_server.url)
    manager_page = desk.new_page()
    sign_in(manager_page, manager, secret)
    survey = _build(manager_page, directory, opens=now - timedelta(hours=1), closes=now + timedelta(days=20))

    mailbox.clear()
    _open_and_try_to_change(manager_page, manager_client, survey)
    invited = {message["To"]: message for message in mailbox.messages}
    assert set(invited) == {person.email for person in people.values()}
    assert invited[people["MEX"].email]["Subject"] == "Encuesta: Encuesta regional de capacidades"
    assert invited[people["KEN"].email]["Subject"] == "Survey: Regional capacity survey"

    _answer_in_a_browser(
        browser,
        live_server,
        people["MEX"],
        "es",
        {
            "link": _link_in(invited[people["MEX"].email]),
            "q1": "Sí",
            "q2": {"Respuesta a incidentes": "Alta", "Análisis forense": "Media"},
            "q3": "Más formación técnica",
        },
    )
    _answer_in_a_browser(
        browser,
        live_server,
        people["KEN"],
        "en",
        {
            "link": _link_in(invited[people["KEN"].email]),
            "q1": "Not yet",
            "q2": {"Incident response": "Medium", "Forensics": "Low"},
            "q3": "Regional exercises",
        },
    )
    answered = {
        "MEX": ("c1", {"r1": "c3", "r2": "c2"}, "Más formación técnica"),
        "KEN": ("c2", {"r1": "c2", "r2": "c1"}, "Regional exercises"),
    }
    for iso3, stored in answered.items():
        response = Response.objects.get(survey=survey, user=people[iso3])
        assert response.status == ResponseStatus.SUBMITTED
        values = {answer.question.code: answer.value for answer in response.answers.select_related("question")}
        assert values == {"q1": stored[0], "q2": stored[1], "q3": stored[2]}
    for iso3, (single, grid, text) in OTHERS_ANSWER.items():
        person = people[iso3]
        kept = {"q1": (single, ""), "q2": (grid, "")} | ({"q3": (text, "")} if text else {})
        save_answers(survey, principal_of(person), person, kept, submit=True)
    answered |= OTHERS_ANSWER
    save_answers(survey, principal_of(people["URY"]), people["URY"], {"q1": ("c1", "")}, submit=False)

    # A day before the reminder is due the hourly job sends nothing; at its time, one to each who has not submitted.
    mailbox.clear()
    with clock_at(survey.remind_at - timedelta(days=1)):
        assert tasks.send_reminders.call() == 0
    with clock_at(survey.remind_at + timedelta(hours=1)):
        assert tasks.send_reminders.call() == 2
        assert tasks.send_reminders.call() == 0
    reminded = {message["To"]: message["Subject"] for message in mailbox.messages}
    assert reminded == {
        people["URY"].email: "Recordatorio: la encuesta «Encuesta regional de capacidades» se cierra pronto",
        people["GBR"].email: 'Reminder: the survey "Regional capacity survey" closes soon',
    }

    # It closes at its closing time, when the hourly job runs after it.
    with clock_at(survey.closes_at - timedelta(minutes=1)):
        tasks.send_reminders.call()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    with clock_at(survey.closes_at + timedelta(minutes=17)):
        tasks.send_reminders.call()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED

    expected = _expected_report(answered, people)
    try:
        manager_page.goto(reverse("surveys:report", args=[survey.code]))
        _read_the_report(manager_page, expected)
        manager_page.get_by_role("radio", name="Published on the directory's public page").check()
        manager_page.locator("#publish-form").get_by_role("button", name="Save").click()
        expect(manager_page.get_by_text("Saved: who reads the report.")).to_be_visible()
    finally:
        desk.close()
    survey.refresh_from_db()
    assert survey.report_audience == ReportAudience.PUBLIC
    # The report's figures as a spreadsheet hide the same groups.
    exported = manager_client.get(reverse("surveys:report_export", args=[survey.code, "csv"]))
    figures = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row for row in figures if row[0] == "Region"] == [
        ["Region", "Africa", "", ""],
        ["Region", "Americas", "6", "50.0"],
        ["Region", "Europe", "", ""],
    ]
    assert ["q3", "Fewer than five answered: not shown.", "", ""] in figures

    # A participant reads it from the survey's page; anybody from the directory's public page.
    context = new_context(browser, live_server.url)
    page = context.new_page()
    try:
        sign_in(page, people["KEN"])
        page.goto(survey.get_absolute_url())
        page.get_by_role("link", name="Report").click()
        _read_the_report(page, expected)
        page.get_by_role("button", name="Sign out").click()
        page.goto(reverse("directory:public", args=[directory.slug]))
        page.get_by_role("link", name="Survey reports").click()
        page.get_by_role("link", name="Regional capacity survey").click()
        _read_the_report(page, expected)
    finally:
        context.close()


def _expected_report(answered: dict, people: dict) -> dict:
    """The figures the report must show, computed from what was answered."""
    total = len(answered)
    regions = Counter(people[iso3].contact.institution.state.region for iso3 in answered)
    q1 = Counter(single for single, _grid, _text in answered.values())
    rows = {row: Counter(grid[row] for _single, grid, _text in answered.values()) for row in ("r1", "r2")}
    written = [text for _single, _grid, text in answered.values() if text]
    return {
        "total": total,
        "regions": regions,
        "q1": {code: (count, _percent(count, total)) for code, count in q1.items()},
        "rows": rows,
        "written": written,
    }


def _read_the_report(page, expected: dict) -> None:
    total = expected["total"]
    expect(page.locator("#report-total")).to_contain_text(f"{total} answers submitted.")
    # Europe's one answer is hidden, and Africa's five with it: else the total less the Americas would tell it.
    assert expected["regions"] == {Region.AMERICAS: 6, Region.AFRICA: 5, Region.EUROPE: 1}
    regions = page.locator("#report-regions")
    expect(regions.locator('[data-region="americas"]')).to_contain_text(f"6{_percent(6, total)}")
    for hidden in ("africa", "europe"):
        expect(regions.locator(f'[data-region="{hidden}"]')).to_contain_text("not shown (a small group)")
    q1 = page.locator("#figures-q1")
    q1.locator("summary").click()
    for label, code in (("Yes", "c1"), ("Not yet", "c2")):
        count, percent = expected["q1"][code]
        expect(q1.get_by_role("row", name=label)).to_contain_text(f"{count}{percent}")
    heat = page.locator("#heat-q2")
    for row_label, row in (("Incident response", "r1"), ("Forensics", "r2")):
        cells = heat.get_by_role("row", name=row_label).locator("td[data-count]")
        counts = [expected["rows"][row].get(column, 0) for column in ("c1", "c2", "c3")]
        expect(cells).to_have_count(3)
        for cell, count in zip(cells.all(), counts, strict=True):
            expect(cell).to_have_attribute("data-count", str(count))
    # Three wrote something: fewer than five, so neither their words nor a count is shown.
    assert len(expected["written"]) == 3
    q3 = page.locator("#figures-q3")
    expect(q3).to_contain_text("Fewer than five answered: not shown.")
    for text in expected["written"]:
        expect(q3).not_to_contain_text(text)

"""Surveys for the tests: ``new_survey`` builds one with a questionnaire through the services, and the fixture
``respondents`` (built once on the network) adds nominated points of contact of Mexico and Argentina with
accounts, reading Enlace in Spanish and French."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, point_of_contact
from enlace.testing.world import Network, build_network
from surveys import services
from surveys.choices import Anonymity, QuestionKind, RespondentKind
from surveys.models import Question, Section, Survey


def add_question(section: Section, code: str, kind: str, text: str, *, choices=(), rows=(), **fields) -> Question:
    question = Question(
        version=section.version,
        section=section,
        code=code,
        kind=kind,
        position=section.questions.count() + 1,
        text=text,
        **fields,
    )
    return services.save_question(
        question, {"en": list(choices)} if choices else {}, {"en": list(rows)} if rows else {}
    )


def new_survey(
    directory,
    *,
    respondent_kind: str = RespondentKind.PER_STATE,
    anonymity: str = Anonymity.NAMED,
    title: str = "Regional threat survey",
    is_open: bool = True,
    closes_in_days: int = 28,
) -> Survey:
    """A survey of two questions and a third asked only when the first is answered "Yes, a strategy"."""
    now = timezone.now()
    survey = services.create_survey(
        Survey(
            directory=directory,
            title=title,
            title_translations={"es": "Encuesta regional de amenazas"},
            respondent_kind=respondent_kind,
            anonymity=anonymity,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=closes_in_days),
        )
    )
    version = survey.current_version
    section = Section.objects.create(version=version, title="Policy", position=1)
    strategy = add_question(
        section,
        "q1",
        QuestionKind.SINGLE,
        "Does your State have a cyber strategy?",
        required=True,
        choices=["Yes, a strategy", "Not yet"],
    )
    add_question(
        section,
        "q2",
        QuestionKind.SHORT_TEXT,
        "Which agency leads it?",
        required=True,
        shown_if=strategy.choices.get(code="c1"),
    )
    add_question(section, "q3", QuestionKind.LONG_TEXT, "Anything else?")
    if is_open:
        services.open_survey(survey, now=now)
        survey.refresh_from_db()
    return survey


@dataclass
class Respondents:
    network: Network
    pocs: list = field(default_factory=list)


@built_once(on=[build_network], name="respondents")
def build_respondents(network: Network) -> Respondents:
    pocs = []
    for number, (country, language) in enumerate([(network.mexico, "es"), (network.argentina, "fr")]):
        desk = ContactFactory(institution=InstitutionFactory(state=country), name=f"Desk {number}")
        NominationFactory(directory=network.oas, contact=desk, role=network.oas.roles.get(kind=RoleKind.TECHNICAL))
        pocs.append(
            point_of_contact(
                desk, email=f"desk{number}@{country.iso3.lower()}.example.org", name=f"Desk {number}", language=language
            )
        )
    return Respondents(network=network, pocs=pocs)

"""The demo's surveys: the OAS regional threat survey as it was run, and a survey the demo coordinators can answer.

- **Regional cyber threat survey** in the OAS network (the UN directory when there is none): one answer per point
  of contact, confidential, written in English and Spanish, closed, 91 answers from 12 countries, its report
  published to the participants. Malware, phishing and ransomware are the threats most seen; finance and
  banking, telecommunications, health and the public sector the most exposed sectors. Its respondents are demo
  people made for it (accounts that cannot sign in), each with a participation saying their State.
- **National implementation of the cyber norms** in the UN directory: one answer per State, named, open for a
  month; every participating State's coordinators and points of contact are asked (no e-mail goes out while the
  demo loads). Called by the demo's builder (``load_demo``)."""

import random
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from directory.choices import Region
from directory.models import Directory
from surveys import services
from surveys.choices import Anonymity, QuestionKind, ReportAudience, RespondentKind, ResponseStatus, SurveyStatus
from surveys.models import Answer, Participation, Question, Response, Section, Survey

# The demo's OAS network (``demo``'s ``OAS_CBM_DIRECTORY``; this app does not import the demo's builder).
OAS_DIRECTORY = "oas-cicte"
RESPONDENTS = 91
COUNTRIES = 12

# (English, Spanish, how often it is chosen): the report ranks them as the region saw them.
THREATS = [
    ("Malware", "Programas maliciosos", 0.86),
    ("Phishing", "Suplantación de identidad (phishing)", 0.8),
    ("Ransomware", "Ransomware", 0.7),
    ("Distributed denial of service (DDoS)", "Denegación de servicio distribuida (DDoS)", 0.42),
    ("Data breach", "Filtración de datos", 0.36),
    ("Business e-mail compromise", "Compromiso del correo electrónico empresarial", 0.3),
    ("Website defacement", "Desfiguración de sitios web", 0.22),
    ("Supply-chain compromise", "Ataque a la cadena de suministro", 0.14),
]
SECTORS = [
    ("Finance and banking", "Finanzas y banca", 0.8),
    ("Telecommunications", "Telecomunicaciones", 0.7),
    ("Health", "Salud", 0.62),
    ("Public sector", "Sector público", 0.58),
    ("Energy", "Energía", 0.34),
    ("Education", "Educación", 0.24),
    ("Transport", "Transporte", 0.18),
    ("Water", "Agua", 0.1),
]
CAPACITY_AREAS = [("Detection", "Detección"), ("Response", "Respuesta"), ("Recovery", "Recuperación")]
STRATEGY_STAGES = [("Yes, adopted", "Sí, adoptada"), ("In preparation", "En preparación"), ("Not yet", "Todavía no")]
LEVELS = [("Low", "Baja"), ("Medium", "Media"), ("High", "Alta")]
SUPPORT = [
    "Regional exercises with the banking sector.",
    "Training for incident handlers in the public sector.",
    "A shared malware analysis service.",
    "Playbooks for ransomware in hospitals.",
    "Faster contact between national CSIRTs at night and weekends.",
    "A regional register of critical infrastructure operators.",
    "Funding for a second shift in the national CSIRT.",
]


def build(directory: Directory, now: datetime, rng: random.Random) -> None:
    oas = Directory.objects.filter(slug=OAS_DIRECTORY).first() or directory
    threat_survey(oas, now, rng)
    implementation_survey(directory, now)


def _question(section: Section, code: str, kind: str, en: str, es: str, *, choices=(), rows=(), **fields) -> Question:
    question = Question(
        version=section.version,
        section=section,
        code=code,
        kind=kind,
        position=section.questions.count() + 1,
        original_language="en",
        text=en,
        text_translations={"es": es},
        **fields,
    )
    return services.save_question(
        question,
        {"en": [pair[0] for pair in choices], "es": [pair[1] for pair in choices]} if choices else {},
        {"en": [pair[0] for pair in rows], "es": [pair[1] for pair in rows]} if rows else {},
    )


def _survey(directory: Directory, **fields) -> Survey:
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=directory).first()
    return services.create_survey(Survey(directory=directory, original_language="en", created_by=manager, **fields))


def threat_survey(directory: Directory, now: datetime, rng: random.Random) -> Survey:
    """The regional threat survey, closed, with its answers and its report published to the participants."""
    opened = now - timedelta(days=75)
    survey = _survey(
        directory,
        title="Regional cyber threat survey",
        title_translations={"es": "Encuesta regional sobre amenazas cibernéticas"},
        introduction="Which threats your team saw in the last twelve months, which sectors they hit, and how "
        "ready your team is to handle incidents. Your answers are confidential.",
        introduction_translations={
            "es": "Qué amenazas observó su equipo en los últimos doce meses, a qué sectores afectaron y qué tan "
            "preparado está su equipo para gestionar incidentes. Sus respuestas son confidenciales."
        },
        respondent_kind=RespondentKind.PER_PERSON,
        anonymity=Anonymity.CONFIDENTIAL,
        opens_at=opened,
        closes_at=opened + timedelta(days=28),
    )
    version = survey.current_version
    threats = Section.objects.create(
        version=version, position=1, original_language="en", title="Threats", title_translations={"es": "Amenazas"}
    )
    capacity = Section.objects.create(
        version=version,
        position=2,
        original_language="en",
        title="Incident handling",
        title_translations={"es": "Gestión de incidentes"},
    )
    questions = [
        _question(
            threats,
            "threats",
            QuestionKind.MULTIPLE,
            "Which threats did your team see in the last twelve months?",
            "¿Qué amenazas observó su equipo en los últimos doce meses?",
            choices=[(en, es) for en, es, _share in THREATS],
            required=True,
        ),
        _question(
            threats,
            "sectors",
            QuestionKind.MULTIPLE,
            "Which sectors were most affected?",
            "¿Qué sectores fueron los más afectados?",
            choices=[(en, es) for en, es, _share in SECTORS],
            required=True,
        ),
        _question(
            capacity,
            "capacity",
            QuestionKind.SCALE,
            "How ready is your team to handle a major incident? (1: not at all, 5: fully)",
            "¿Qué tan preparado está su equipo para gestionar un incidente grave? (1: nada, 5: plenamente)",
            scale_min=1,
            scale_max=5,
            required=True,
        ),
        _question(
            capacity,
            "areas",
            QuestionKind.MATRIX,
            "Your team's capacity in each area",
            "La capacidad de su equipo en cada área",
            choices=LEVELS,
            rows=CAPACITY_AREAS,
        ),
        _question(
            capacity,
            "support",
            QuestionKind.LONG_TEXT,
            "What support would help your team most?",
            "¿Qué apoyo ayudaría más a su equipo?",
        ),
    ]
    version.frozen_at = opened
    version.save(update_fields=["frozen_at"])
    survey.status, survey.invited_at, survey.report_audience = SurveyStatus.CLOSED, opened, ReportAudience.PARTICIPANTS
    survey.save(update_fields=["status", "invited_at", "report_audience", "updated"])
    _answers(survey, questions, directory, opened, rng)
    return survey


def _answers(survey: Survey, questions: list[Question], directory: Directory, opened: datetime, rng) -> None:
    """91 respondents of 12 countries (the directory's States of the Americas first), answering as the region did."""
    states = list(services.participating_states(survey).order_by("iso3"))
    americas = [state for state in states if state.region == Region.AMERICAS] or states
    countries = americas[:COUNTRIES]
    password = make_password(None)
    User.objects.bulk_create(
        User(
            email=f"survey.respondent.{number:03d}@enlace.example.org",
            name=f"Survey respondent {number}",
            password=password,
        )
        for number in range(1, RESPONDENTS + 1)
    )
    people = list(User.objects.filter(email__startswith="survey.respondent.").order_by("email"))
    threats, sectors, capacity, areas, support = questions
    responses, answers, participations = [], [], []
    for number, person in enumerate(people):
        state = countries[number % len(countries)]
        submitted = opened + timedelta(days=rng.randint(1, 27), minutes=rng.randint(0, 1439))
        participations.append(
            Participation(survey=survey, user=person, state=state, invited_at=opened, submitted_at=submitted)
        )
        response = Response(
            survey=survey,
            version=survey.current_version,
            user=person,
            status=ResponseStatus.SUBMITTED,
            saved_at=submitted,
            submitted_at=submitted,
            submitted_by=person,
            submitted_on=submitted.date(),
        )
        responses.append(response)
        seen = [f"c{index}" for index, item in enumerate(THREATS, start=1) if rng.random() < item[2]] or ["c1"]
        hit = [f"c{index}" for index, item in enumerate(SECTORS, start=1) if rng.random() < item[2]] or ["c1"]
        level = rng.choice([2, 3, 3, 3, 4, 4, 5])
        grid = {row: f"c{min(3, max(1, round((level + rng.randint(-1, 1)) / 5 * 3)))}" for row in ("r1", "r2", "r3")}
        answers += [
            Answer(response=response, question=threats, value=seen),
            Answer(response=response, question=sectors, value=hit),
            Answer(response=response, question=capacity, value=level),
            Answer(response=response, question=areas, value=grid),
        ]
        if number % 15 == 0:
            answers.append(Answer(response=response, question=support, value=SUPPORT[number // 15]))
    Participation.objects.bulk_create(participations)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)


def implementation_survey(directory: Directory, now: datetime) -> Survey:
    """A State's survey, open for a month; everyone it asks has a participation (invited, not e-mailed)."""
    survey = _survey(
        directory,
        title="National implementation of the cyber norms",
        title_translations={"es": "Aplicación nacional de las normas cibernéticas"},
        introduction="One answer per State, prepared by its points of contact and submitted by its coordinator.",
        introduction_translations={
            "es": "Una respuesta por Estado, preparada por sus puntos de contacto y enviada por su coordinador."
        },
        respondent_kind=RespondentKind.PER_STATE,
        anonymity=Anonymity.NAMED,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=30),
    )
    version = survey.current_version
    section = Section.objects.create(
        version=version,
        position=1,
        original_language="en",
        title="Implementation",
        title_translations={"es": "Aplicación"},
    )
    _question(
        section,
        "strategy",
        QuestionKind.SINGLE,
        "Does your State have a national cybersecurity strategy?",
        "¿Tiene su Estado una estrategia nacional de ciberseguridad?",
        choices=STRATEGY_STAGES,
        required=True,
    )
    _question(
        section,
        "csirt",
        QuestionKind.YES_NO,
        "Does your State have a national CSIRT?",
        "¿Tiene su Estado un CSIRT nacional?",
        required=True,
    )
    _question(
        section,
        "staff",
        QuestionKind.NUMBER,
        "How many people work in the national CSIRT?",
        "¿Cuántas personas trabajan en el CSIRT nacional?",
    )
    _question(
        section,
        "notes",
        QuestionKind.LONG_TEXT,
        "Anything the secretariat should know?",
        "¿Algo que la secretaría deba saber?",
    )
    version.frozen_at = survey.opens_at
    version.save(update_fields=["frozen_at"])
    survey.status, survey.invited_at = SurveyStatus.OPEN, survey.opens_at
    survey.save(update_fields=["status", "invited_at", "updated"])
    Participation.objects.bulk_create(
        Participation(survey=survey, user=user, state=state, invited_at=survey.opens_at)
        for user, state in services.invitees(survey)
    )
    return survey

"""Demo data of the policy repository and the CBM tracker (the OAS CBM network's States).

Every document is fictional: invented titles and texts, links under example.org, PDFs written here.
Mexico (a demo coordinator's State) has only a draft strategy, so the coordinator's journey of
adding its national strategy in force visibly moves the CBM dashboard.
"""

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile

from cbm.choices import ImplementationStatus
from cbm.models import Implementation
from cbm.services import install_oas_catalogue
from directory.choices import ContactKind, InstitutionKind, RoleKind
from directory.models import Contact, ContactEmail, ContactLanguage, Directory, Institution, Nomination, State
from repository import pdf, search
from repository.choices import DocumentKind, DocumentStatus, TextExtraction, Visibility
from repository.models import Document, DocumentLanguage

# (ISO code, main language, kind, name, status, visibility, year in force)
DOCUMENTS = [
    ("ARG", "es", DocumentKind.NATIONAL_STRATEGY, "Estrategia Nacional de Ciberseguridad", "in_force", "public", 2023),
    ("ARG", "es", DocumentKind.LAW, "Ley de Protección de Infraestructuras Críticas", "in_force", "participants", 2021),
    (
        "BRA",
        "pt",
        DocumentKind.NATIONAL_STRATEGY,
        "Estratégia Nacional de Segurança Cibernética",
        "in_force",
        "public",
        2020,
    ),
    ("CAN", "en", DocumentKind.NATIONAL_STRATEGY, "National Cyber Security Strategy", "in_force", "public", 2019),
    ("CAN", "en", DocumentKind.WHITE_PAPER, "White Paper on Cyber Diplomacy", "in_force", "public", 2024),
    (
        "CHL",
        "es",
        DocumentKind.NATIONAL_STRATEGY,
        "Política Nacional de Ciberseguridad 2017-2022",
        "superseded",
        "public",
        2017,
    ),
    (
        "CHL",
        "es",
        DocumentKind.NATIONAL_STRATEGY,
        "Política Nacional de Ciberseguridad 2023-2028",
        "in_force",
        "public",
        2023,
    ),
    ("COL", "es", DocumentKind.REGULATION, "Decreto de Gobernanza de la Seguridad Digital", "in_force", "public", 2022),
    ("CRI", "es", DocumentKind.NATIONAL_STRATEGY, "Estrategia Nacional de Ciberseguridad", "in_force", "public", 2023),
    ("DOM", "es", DocumentKind.LAW, "Ley sobre Crímenes y Delitos de Alta Tecnología", "in_force", "public", 2007),
    ("JAM", "en", DocumentKind.NATIONAL_STRATEGY, "National Cyber Security Strategy", "in_force", "public", 2015),
    (
        "MEX",
        "es",
        DocumentKind.NATIONAL_STRATEGY,
        "Anteproyecto de Estrategia Nacional de Ciberseguridad",
        "draft",
        "participants",
        None,
    ),
    ("PAN", "es", DocumentKind.NATIONAL_STRATEGY, "Estrategia Nacional de Ciberseguridad", "in_force", "public", 2021),
    ("TTO", "en", DocumentKind.WHITE_PAPER, "Cybersecurity Green Paper", "draft", "public", None),
    ("USA", "en", DocumentKind.NATIONAL_STRATEGY, "National Cybersecurity Strategy", "in_force", "public", 2023),
]
SUMMARIES = {
    "es": "Marco nacional para la protección de las infraestructuras críticas, la respuesta a incidentes y la "
    "cooperación internacional en el ciberespacio.",
    "en": "National framework for the protection of critical infrastructure, incident response and international "
    "cooperation in cyberspace.",
    "pt": "Quadro nacional para a proteção das infraestruturas críticas, a resposta a incidentes e a cooperação "
    "internacional no ciberespaço.",
}
BODIES = {
    "es": [
        "Objetivo 1: fortalecer la resiliencia de las infraestructuras críticas de información.",
        "Objetivo 2: crear el equipo nacional de respuesta a incidentes y su mesa de guardia.",
        "Objetivo 3: promover la diplomacia digital y las medidas de fomento de la confianza.",
    ],
    "en": [
        "Goal 1: strengthen the resilience of critical information infrastructure.",
        "Goal 2: a national incident response team with a round-the-clock duty desk.",
        "Goal 3: promote cyber diplomacy and confidence-building measures.",
    ],
    "pt": [
        "Objetivo 1: fortalecer a resiliência das infraestruturas críticas de informação.",
        "Objetivo 2: equipe nacional de resposta a incidentes com plantão permanente.",
        "Objetivo 3: promover a diplomacia digital e as medidas de confiança.",
    ],
}
# States with a political-level point of contact in the CBM network, and reported CBMs 4-6.
POLITICAL_POC_STATES = ["ARG", "BRA", "CAN", "CHL", "COL", "CRI", "DOM", "PAN", "USA"]
REPORTS = [
    ("ARG", 4, ImplementationStatus.IMPLEMENTED, "Seminario regional de ciberdiplomacia para funcionarios (2025)."),
    ("CAN", 4, ImplementationStatus.IMPLEMENTED, "Cyber diplomacy workshops for officials of the region (2024)."),
    ("CHL", 5, ImplementationStatus.IMPLEMENTED, "Ciberseguridad en el curso básico de la Academia Diplomática."),
    ("COL", 5, ImplementationStatus.IN_PROGRESS, "Módulo de ciberseguridad en preparación para la academia."),
    ("USA", 6, ImplementationStatus.IMPLEMENTED, "Bilateral cyber working groups with three States of the region."),
    ("MEX", 6, ImplementationStatus.IN_PROGRESS, "Grupo de trabajo bilateral en negociación."),
]


def build(directory: Directory, today: date, rng: random.Random) -> None:
    """The repository's documents, political-level nominations and CBM reports of the OAS CBM network."""
    install_oas_catalogue(directory)
    documents = {}
    for iso3, language, kind, name, status, visibility, year in DOCUMENTS:
        state = State.objects.get(iso3=iso3)
        document = _document(state, language, kind, name, status, visibility, year, today, rng)
        documents.setdefault(iso3, []).append(document)
    # Chile's 2023 policy replaced its 2017 one.
    older, newer = documents["CHL"]
    older.superseded_by = newer
    older.save(update_fields=["superseded_by"])
    role = directory.roles.get(kind=RoleKind.POLITICAL)
    for iso3 in POLITICAL_POC_STATES:
        state = State.objects.get(iso3=iso3)
        ministry = Institution.objects.filter(state=state, kind=InstitutionKind.FOREIGN_AFFAIRS).first()
        contact = Contact.objects.create(
            institution=ministry,
            kind=ContactKind.PERSON,
            name=f"Vice-Minister's Office ({iso3})",
            title="Vice-Minister",
        )
        ContactEmail.objects.create(contact=contact, address=f"vice.minister@mfa.{state.iso2.lower()}.example.org")
        ContactLanguage.objects.create(contact=contact, code="en")
        Nomination.objects.create(
            directory=directory,
            role=role,
            contact=contact,
            state=state,
            starts_on=today - timedelta(days=rng.randint(30, 700)),
        )
    measures = {measure.number: measure for measure in directory.cbm_catalogue.measures.all()}
    for iso3, number, status, evidence in REPORTS:
        Implementation.objects.create(
            measure=measures[number],
            state=State.objects.get(iso3=iso3),
            status=status,
            evidence=evidence,
            as_of=today - timedelta(days=rng.randint(10, 300)),
        )


def _document(state, language, kind, name, status, visibility, year, today, rng) -> Document:
    lines = [name, state.english_name, *BODIES[language]]
    content = pdf.make_pdf(lines, title=name)
    # Some documents were last reviewed over a year ago: their coordinators get the yearly reminder.
    reviewed = today - timedelta(days=rng.choice([20, 120, 250, 400]))
    document = Document(
        state=state,
        name=name,
        description=SUMMARIES[language],
        kind=kind,
        status=DocumentStatus(status),
        visibility=Visibility(visibility),
        entry_into_force=date(year, 1 + rng.randrange(12), 1) if year else None,
        reference_url=f"https://www.{state.iso2.lower()}.example.org/policy/{rng.randint(1000, 9999)}",
        search_config=search.config_for(language),
        reviewed_on=reviewed,
        file_type="pdf",
        text=pdf.extract_text(ContentFile(content)),
        text_extraction=TextExtraction.DONE,
    )
    document.file.save("document.pdf", ContentFile(content), save=False)
    document.save()
    DocumentLanguage.objects.create(document=document, code=language, position=0)
    if language != "en":
        DocumentLanguage.objects.create(document=document, code="en", position=1)
    document.institutions.set(Institution.objects.filter(state=state, kind=InstitutionKind.FOREIGN_AFFAIRS))
    return document

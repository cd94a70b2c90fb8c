"""The demo's working groups and work plans, in the OAS network (the given directory when there is none).

- **PROSUR's security working group** ("Grupo de Trabajo de Seguridad y Combate al Crimen"), Chile coordinating,
  published to the directory, with its three sub-groups as PROSUR set them up (each led by a State, with a
  coordinating State, three or more members and observers) and each sub-group's annual work plan as its leader
  wrote it: lines of action, products or activities, deadlines as written ("Primer bimestre 2021"). Written in
  Spanish, with the English version of the groups', the plans' and the lines' texts; products keep the one text
  they were written in. The years move with the demo's day: the plan is of the last year whose first two months
  have passed, so some products are done, some late, and the report whose date was "to be defined" is under way.
  A few dependencies and progress updates by the network's manager tie them together.
- **The CICTE Secretariat's work plan 2023–2024**, the directory's own plan: its programmes as lines of action
  with their purposes (Spanish and English), their proposed activities, approved at the fourth plenary session
  on 18 May 2023.

Called by the demo's builder (``load_demo``) and again for demo databases made before it: what is there already
(the group, the plan, by name) is kept as it is.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from directory.models import Directory, State
from working_groups import services
from working_groups.choices import GroupRole, ItemKind, ProductStatus
from working_groups.models import LineOfAction, Product, WorkingGroup, WorkPlan

# The demo's OAS network (``demo``'s ``OAS_CBM_DIRECTORY``; this app does not import the demo's builder).
OAS_DIRECTORY = "oas-cicte"
SPANISH, ENGLISH = "es", "en"

PROSUR_GROUP = "Grupo de Trabajo de Seguridad y Combate al Crimen"
CICTE_PLAN = "Plan de trabajo 2023-2024 de la Secretaría del Comité Interamericano contra el Terrorismo"

DONE, UNDER_WAY, NOT_STARTED, DROPPED = (
    ProductStatus.DONE,
    ProductStatus.UNDER_WAY,
    ProductStatus.NOT_STARTED,
    ProductStatus.DROPPED,
)
COORDINATOR, LEADER, MEMBER, OBSERVER = GroupRole.COORDINATOR, GroupRole.LEADER, GroupRole.MEMBER, GroupRole.OBSERVER


@dataclass
class Item:
    """A product or activity of a sub-group's plan. ``deadline`` is written with ``{year}`` (the plan's year) and
    ``{before}`` (the year before); ``months`` are its first and last months as (year offset, month), for
    deadlines the text alone does not date; ``status`` is where it stands once its last day has passed."""

    title: str
    deadline: str
    status: str
    months: tuple[tuple[int, int], tuple[int, int]] | None = None
    kind: str = ItemKind.PRODUCT
    # Positions (line, item) within the same plan that this one needs first.
    depends_on: tuple[tuple[int, int], ...] = ()
    # A progress update: (days before the last day, text); negative days are after it.
    update: tuple[int, str] | None = None
    # All the sub-group's counted members are responsible, not only its leader.
    everyone: bool = False
    # Not dated in the plan: its dates are the ones the leader gave it around the demo's day.
    undated: bool = False


@dataclass
class Line:
    title: dict[str, str]
    items: list[Item] = field(default_factory=list)


@dataclass
class SubGroup:
    name: dict[str, str]
    purpose: dict[str, str]
    lead: str
    members: dict[str, str]
    lines: list[Line]


PROSUR_MEMBERS = {
    "CHL": COORDINATOR,
    "ECU": MEMBER,
    "PER": MEMBER,
    "PRY": MEMBER,
    "ARG": MEMBER,
    # Brazil and Colombia took part at first; they follow the group's work.
    "BRA": OBSERVER,
    "COL": OBSERVER,
}
PROSUR_PURPOSE = {
    SPANISH: "Trabajo articulado y colaborativo en la neutralización de las organizaciones criminales que facilitan "
    "la ocurrencia de delitos transnacionales, así como en la atención coordinada y oportuna de sus víctimas: "
    "cooperación policial que facilite el intercambio expedito de información entre las autoridades policiales "
    "de la región, y protocolos multilaterales de asistencia a las víctimas de la delincuencia organizada, en "
    "particular para el retorno asistido de víctimas de trata de personas.",
    ENGLISH: "Joint, collaborative work to dismantle the criminal organisations behind transnational crime and to "
    "assist their victims in a coordinated and timely way: police cooperation for the swift exchange of "
    "information between the region's police authorities, and multilateral protocols for assisting the victims "
    "of organised crime, in particular for the assisted return of victims of trafficking in persons.",
}

SUB_GROUPS = [
    SubGroup(
        name={
            SPANISH: "Subgrupo 1: Combate a la Delincuencia Organizada Transnacional (DOT)",
            ENGLISH: "Sub-group 1: Combating Transnational Organised Crime (TOC)",
        },
        purpose={
            SPANISH: "Promover el intercambio de información, buenas prácticas y cooperación acerca de los delitos "
            "descritos en el objetivo 1 y analizar la creación de un Centro de Cooperación Regional por el cual se "
            "pueda coordinar acciones conjuntas para el combate de las DOT.",
            ENGLISH: "To promote the exchange of information, good practices and cooperation on the crimes set out "
            "in objective 1, and to study the creation of a Regional Cooperation Centre to coordinate joint action "
            "against transnational organised crime.",
        },
        lead="CHL",
        members={"CHL": LEADER, "PER": COORDINATOR, "ARG": MEMBER, "ECU": MEMBER, "PRY": MEMBER, "BRA": OBSERVER},
        lines=[
            Line(
                {
                    SPANISH: "Coordinaciones para establecer estrategias regionales conjuntas para combatir las DOT",
                    ENGLISH: "Coordination to set joint regional strategies against transnational organised crime",
                },
                [
                    Item(
                        "Documento de planificación de acciones a mediano y largo plazo. Descripción por etapas.",
                        "Primer bimestre {year}",
                        DONE,
                        update=(5, "Documento aprobado por los países del subgrupo en videoconferencia."),
                    ),
                    Item(
                        "Intercambio de información a fin de promover indicadores regionales de delitos asociados a "
                        "la DOT.",
                        "Primer bimestre {year}",
                        UNDER_WAY,
                        update=(
                            -20,
                            "Chile, Ecuador y Perú enviaron sus indicadores; faltan los de Argentina y Paraguay.",
                        ),
                    ),
                    Item(
                        "Asistencia técnica en los delitos identificados en el objetivo 1.",
                        "Cuarto bimestre {before} Primer bimestre {year}",
                        DONE,
                        months=((-1, 7), (0, 2)),
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Analizar la creación de un Centro de Cooperación Regional para el combate de la DOT",
                    ENGLISH: "Consider creating a Regional Cooperation Centre against transnational organised crime",
                },
                [
                    Item(
                        "Compromiso de alto nivel de los países para pertenecer y participar en el Centro de "
                        "Cooperación Regional.",
                        "Cuarto bimestre {before}",
                        DONE,
                        everyone=True,
                    ),
                    Item(
                        "Establecer la composición, objetivos funcionamiento y costos implicados de un Centro de "
                        "Cooperación Regional para el Combate de la Delincuencia Organizada.",
                        "Primer bimestre {year}",
                        NOT_STARTED,
                        depends_on=((2, 1),),
                    ),
                ],
            ),
        ],
    ),
    SubGroup(
        name={
            SPANISH: "Subgrupo 2: Asistencia a las Víctimas de la DOT",
            ENGLISH: "Sub-group 2: Assistance to the Victims of Transnational Organised Crime",
        },
        purpose={
            SPANISH: "Fortalecer los mecanismos especializados de protección y asistencia en los retornos de las "
            "víctimas de trata de personas.",
            ENGLISH: "To strengthen the specialised mechanisms for protecting and assisting victims of trafficking "
            "in persons when they return.",
        },
        lead="PRY",
        members={"PRY": LEADER, "CHL": COORDINATOR, "ECU": MEMBER, "PER": MEMBER, "COL": OBSERVER},
        lines=[
            Line(
                {
                    SPANISH: "Intercambiar información acerca del estado de situación – políticas nacionales, "
                    "aplicación de convenios internacionales, procedimientos, etc. de los países miembros del "
                    "PROSUR en materia de trata de personas.",
                    ENGLISH: "Exchange information on where PROSUR's member countries stand on trafficking in "
                    "persons – national policies, application of international conventions, procedures, etc.",
                },
                [
                    Item(
                        "Diagnóstico regional en materia de trata de personas que considere entre otros aspectos la "
                        "identificación de brechas en los mecanismos especializados de protección y asistencia en "
                        "los retornos de las víctimas de trata de personas existentes.",
                        "Segundo semestre {before}",
                        DONE,
                        update=(10, "Diagnóstico regional entregado a la coordinación del grupo."),
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Fortaleciendo de los mecanismos especializados de protección y asistencia en retorno "
                    "de las víctimas de trata de personas.",
                    ENGLISH: "Strengthening the specialised mechanisms for protecting and assisting victims of "
                    "trafficking in persons on their return.",
                },
                [
                    Item(
                        "Intercambio de experiencias sobre coordinaciones interinstitucionales internas y bilaterales "
                        "con los países de origen de las víctimas.",
                        "Segundo semestre {before}",
                        DONE,
                    ),
                    Item(
                        "Generación de mecanismos de coordinación con consulados o contrapartes institucionales en el "
                        "extranjero para abordar retornos asistidos.",
                        "Segundo semestre {before}",
                        DROPPED,
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Elaboración de un procedimiento regional para el retorno asistido y protegido a "
                    "víctimas de trata de personas.",
                    ENGLISH: "Drafting a regional procedure for the assisted and protected return of victims of "
                    "trafficking in persons.",
                },
                [
                    Item(
                        "Borrador de protocolo regional de asistencia a víctimas de DOT trata de personas.",
                        "Segundo semestre {before}",
                        UNDER_WAY,
                        depends_on=((1, 1),),
                        update=(-30, "El borrador circula entre los integrantes; se esperan los comentarios de Perú."),
                    ),
                ],
            ),
        ],
    ),
    SubGroup(
        name={
            SPANISH: "Subgrupo 3: Prevención de Delitos y Violencia de Género",
            ENGLISH: "Sub-group 3: Preventing Crime and Gender-Based Violence",
        },
        purpose={
            SPANISH: "Promover el intercambio de experiencias e información acerca del tratamiento del delito y la "
            "violencia.",
            ENGLISH: "To promote the exchange of experience and information on how crime and violence are dealt with.",
        },
        lead="ECU",
        members={"ECU": LEADER, "PER": COORDINATOR, "ARG": MEMBER, "PRY": MEMBER},
        lines=[
            Line(
                {
                    SPANISH: "Diseñar y aplicar el Cuestionario de levantamiento de información para el diagnóstico "
                    "e Informe Regional en materia de prevención del delito y la violencia de género.",
                    ENGLISH: "Design and run the questionnaire gathering information for the diagnosis and the "
                    "Regional Report on preventing crime and gender-based violence.",
                },
                [
                    Item(
                        "Diseñar cuestionarios. Aplicar cuestionarios.",
                        "Oct – dic. {before}",
                        DONE,
                        months=((-1, 10), (-1, 12)),
                        kind=ItemKind.ACTIVITY,
                        update=(15, "Cuestionario aplicado en los cuatro países del subgrupo."),
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Elaborar y publicar el Informe Regional en materia de prevención del delito y la "
                    "violencia de género.",
                    ENGLISH: "Write and publish the Regional Report on preventing crime and gender-based violence.",
                },
                [
                    Item(
                        "Elaborar y publicar informe.",
                        "Por definir.",
                        UNDER_WAY,
                        kind=ItemKind.ACTIVITY,
                        depends_on=((1, 1),),
                        undated=True,
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Desarrollar eventos de discusión y difusión de información y buenas prácticas "
                    "relacionadas con la prevención del delito y la violencia de género.",
                    ENGLISH: "Hold events to discuss and share information and good practices on preventing crime "
                    "and gender-based violence.",
                },
                [
                    Item(
                        "Evento virtual de presentación del informe regional.",
                        "Oct – dic. {before}",
                        NOT_STARTED,
                        months=((-1, 10), (-1, 12)),
                        kind=ItemKind.ACTIVITY,
                        depends_on=((2, 1),),
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Realizar eventos de discusión y análisis de experiencias y buenas prácticas para la "
                    "reducción de la violencia derivada del uso de armas de fuego.",
                    ENGLISH: "Hold events to discuss and analyse experience and good practices in reducing "
                    "firearm violence.",
                },
                [
                    Item(
                        "Reuniones de trabajo. Revisión de documentos. Asistencia técnica en temas relacionados a la "
                        "violencia derivada del uso de armas de fuego.",
                        "Oct – dic. {before}",
                        DONE,
                        months=((-1, 10), (-1, 12)),
                        kind=ItemKind.ACTIVITY,
                    ),
                ],
            ),
            Line(
                {
                    SPANISH: "Realizar eventos de intercambio de experiencias e información sobre la gestión de "
                    "policía comunitaria.",
                    ENGLISH: "Hold events to exchange experience and information on community policing.",
                },
                [
                    Item(
                        "Reuniones de trabajo. Revisión de documentos. Asistencia técnica.",
                        "Oct – dic. {before}",
                        DONE,
                        months=((-1, 10), (-1, 12)),
                        kind=ItemKind.ACTIVITY,
                    ),
                ],
            ),
        ],
    ),
]


@dataclass
class Programme:
    title: dict[str, str]
    purpose: dict[str, str]
    activities: list[str]


# The CICTE plan's programmes (border security's four parts each a line of their own), as approved.
CICTE_PROGRAMMES = [
    Programme(
        {SPANISH: "Ciberseguridad", ENGLISH: "Cybersecurity"},
        {
            SPANISH: (
                "Apoyar a los Estados Miembros en sus esfuerzos orientados a prevenir, mitigar y "
                "recuperarse de amenazas y/o ataques cibernéticos por medio del desarrollo de políticas y "
                "marcos regulatorios, el fortalecimiento de capacidades técnicas, la cooperación "
                "internacional y la difusión de conocimiento especializado en materia de ciberseguridad."
            ),
            ENGLISH: (
                "To support the Member States in their efforts to prevent, mitigate and recover from cyber "
                "threats and attacks through the development of policies and regulatory frameworks, the "
                "strengthening of technical capacities, international cooperation and the dissemination of "
                "specialised knowledge on cybersecurity."
            ),
        },
        [
            (
                "Asistencia técnica para desarrollar, actualizar y/o ejecutar estrategias nacionales de "
                "ciberseguridad conforme sea requerido."
            ),
            (
                "Cursos sobre ciber diplomacia internacional, leyes y normas para apoyar el fortalecimiento"
                " de las capacidades de funcionarios gubernamentales de los Estados Miembros y su "
                "participación en las discusiones internacionales sobre seguridad cibernética."
            ),
            (
                "Entrenamientos para los Centros de Respuesta a Incidentes Informáticos (CSIRTs por sus "
                "siglas en inglés) sobre la gestión de alertas de ciberseguridad y la automatización del "
                "flujo de información para prevenir, enfrentar y recuperarse de incidentes cibernéticos."
            ),
            (
                "Realización de jornadas sobre Seguridad en las Tecnologías de la Información y la "
                "Comunicación (STIC), organizadas con el CCN-CERT y el INCIBE, para el intercambio de "
                "prácticas internacionales en el campo de la respuesta a incidentes informáticos."
            ),
            (
                "Organización del Cybersecurity Summer Bootcamp, programa de formación internacional "
                "especializado en ciberseguridad dirigido a formuladores de políticas, fuerzas y cuerpos de"
                " seguridad, autoridades fiscales y especialistas técnicos de los CSIRT."
            ),
            (
                "Organización del International Cyber Ex, competencia orientada a fortalecer las "
                "capacidades de respuesta ante incidentes cibernéticos y la cooperación entre los países "
                "participantes, con el INCIBE y el CNPIC de España."
            ),
            (
                "Organización del Simposio de Ciberseguridad que reúne a expertos y profesionales de la "
                "industria para promover el desarrollo de capacidades nacionales en ciberseguridad."
            ),
            (
                "Implementación de iniciativas orientadas al desarrollo de la fuerza laboral de "
                "ciberseguridad en los Estados Miembros, incluyendo el desarrollo profesional de jóvenes de"
                " áreas desfavorecidos."
            ),
            (
                "Implementación de actividades destinadas a cerrar la brecha de género en la agenda de "
                "ciberseguridad de la región, incluyendo el desarrollo de investigaciones, programas de "
                "capacitación y la realización de ferias de mentores en ciberseguridad para mujeres "
                "jóvenes."
            ),
            (
                "Desarrollo de los “Cyberwomen Challenge”, competición que tiene como objetivo promocionar "
                "el role de la mujer en ciberseguridad e inspirar a más mujeres a unirse a la industria de "
                "la ciberseguridad."
            ),
            (
                "Organización de reuniones de los Consejos de Innovación en Ciberseguridad donde los "
                "principales líderes del sector público, privado, sociedad civil y academia se reúnen para "
                "impulsar la innovación, concientizar a la ciudadanía y difundir buenas prácticas en "
                "materia de ciberseguridad."
            ),
            (
                "Organización de la reunión regional de las Américas para el Foro Global de Experticia "
                "Cibernética (GFCE en inglés)."
            ),
            (
                "Participación en las Consultas del Comité ad hoc de las Naciones Unidas encargado de "
                "elaborar una convención internacional integral contra el uso de las TIC con fines "
                "delictivos, y en el Grupo de Trabajo de Composición Abierta de las Naciones Unidas (UN "
                "Cyber OEWG)."
            ),
            (
                "Apoyo a los Estados Miembros en el diseño de una hoja de ruta para acelerar su madurez "
                "cibernética siguiendo la metodología del Modelo de Madurez de Capacidades en "
                "Ciberseguridad de la Universidad de Oxford."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: (
                "Fortalecimiento de los regímenes de no proliferación de armas de destrucción masiva, "
                "incluyendo la implementación de la resolución 1540 (2004) del Consejo de Seguridad de "
                "Naciones Unidas"
            ),
            ENGLISH: (
                "Strengthening the non-proliferation regimes for weapons of mass destruction, including the"
                " implementation of United Nations Security Council resolution 1540 (2004)"
            ),
        },
        {
            SPANISH: (
                "Promover un régimen universal, genuino y no discriminatorio de desarme y no proliferación "
                "de armas nucleares, químicas y biológicas, así como sus sistemas vectores, y en "
                "particular, apoyar a los Estados Miembros en la implementación efectiva de la resolución "
                "1540 (2004) del Consejo de Seguridad de las Naciones Unidas por medio de asistencia "
                "técnica y legislativa."
            ),
            ENGLISH: (
                "To promote a universal, genuine and non-discriminatory regime of disarmament and "
                "non-proliferation of nuclear, chemical and biological weapons and their means of delivery "
                "and, in particular, to support the Member States in the effective implementation of United"
                " Nations Security Council resolution 1540 (2004) through technical and legislative "
                "assistance."
            ),
        },
        [
            (
                "Actividades de divulgación (conocimientos en materia de no proliferación de armas de "
                "destrucción masiva, menazas, instrumentos y obligaciones internacionales, entre otros)."
            ),
            ("Fortalecimiento de la red de puntos de contacto sobre la resolución 1540 (2004) en la región."),
            (
                "Capacitación a oficiales de gobierno, personal laboratorista, científicos y académicos en "
                "bioseguridad y biocustodia por medio de dos cursos masivos abiertos en línea (MOOC por sus"
                " siglas en inglés) que estarán a disposición de todos los países de habla hispana de la "
                "región."
            ),
            (
                "Investigación sobre el estado de situación en bioseguridad y biocustodia con el abordaje "
                "de casos específicos de la región."
            ),
            (
                "Asistencia legislativa para el fortalecimiento de los marcos regulatorios internos en "
                "línea con la resolución 1540 (2004)."
            ),
            "Entrenamientos nacionales sobre bioseguridad y biocustodia para personal de laboratorio.",
            "Ejercicios de revisión entre pares (peer reviews).",
            (
                "Sensibilización del sector público y privado sobre las amenazas de armas de destrucción "
                "masiva en particular en los operadores de comercio exterior de las zonas francas."
            ),
            (
                "Sensibilización del sector público y aduanero sobre las salvaguardias del uso, "
                "almacenamiento y transporte seguro de materiales químicos y tóxicos en el régimen de "
                "comercio estratégico."
            ),
            (
                "Asistencia técnica y legislativa para el fortalecimiento de medidas efectivas para la "
                "seguridad de químicos y tóxicos en el régimen de comercio estratégico."
            ),
            "Publicaciones técnicas sobre temas de relevancia para la región.",
            (
                "Sensibilización del sector público y privado sobre la transferencia y tecnologías "
                "emergentes asociadas a los semiconductores en el régimen de comercio estratégico."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: "Prevención del extremismo violento que puede conducir al terrorismo",
            ENGLISH: "Preventing violent extremism conducive to terrorism",
        },
        {
            SPANISH: (
                "Apoyar a los Estados Miembros en sus esfuerzos para fomentar el diálogo hemisférico, la "
                "cooperación regional y el fortalecimiento de las capacidades para prevenir el extremismo "
                "violento que puede conducir al terrorismo, conforme a lo establecido en los mandatos de la"
                " Asamblea General de la OEA y del CICTE y en línea con los instrumentos internacionales "
                "pertinentes."
            ),
            ENGLISH: (
                "To support the Member States in their efforts to foster hemispheric dialogue, regional "
                "cooperation and the strengthening of capacities to prevent violent extremism conducive to "
                "terrorism, as mandated by the OAS General Assembly and CICTE and in line with the relevant"
                " international instruments."
            ),
        },
        [
            (
                "Identificación de expertos e instituciones especializadas en prevención del extremismo "
                "violento que puedan contribuir al diálogo hemisférico en el marco del CICTE y, "
                "eventualmente, conformar una red de expertos de la región."
            ),
            (
                "Organización de foros, seminarios, talleres y otras actividades presenciales y virtuales "
                "para facilitar una mayor comprensión del fenómeno del extremismo violento y sus "
                "manifestaciones, así como la amenaza que presenta y la necesidad de prevenirlo."
            ),
            (
                "Participación en encuentros especializados y diálogos multisectoriales sobre tendencias "
                "actuales y emergentes en materia de prevención del extremismo violento y los esfuerzos "
                "multilaterales para desarrollar e implementar marcos de trabajo de prevención."
            ),
            (
                "Apoyo en el intercambio de información y experiencias para prevenir y responder a los "
                "desafíos que conlleva el extremismo violento y, en particular, el reclutamiento, la "
                "propaganda y la radicalización (en línea y off line)."
            ),
            (
                "Apoyo en el desarrollo/fortalecimiento de las capacidades técnicas de los Estados Miembros"
                " que asi lo soliciten, para prevenir y abordar el extremismo violento."
            ),
        ],
    ),
    Programme(
        {SPANISH: "Seguridad de fronteras: protección marítima", ENGLISH: "Border security: maritime security"},
        {
            SPANISH: (
                "Apoyar a los Estados Miembros en el fortalecimiento de las capacidades de protección "
                "marítima y portuaria por medio de actividades especializadas a nivel nacional y regional, "
                "con una metodología propia, en concertación con los actores clave involucrados en el "
                "desarrollo de capacidades de protección portuaria y en estrecha coordinación con otros "
                "organismos internacionales especializados como la Organización Marítima Internacional."
            ),
            ENGLISH: (
                "To support the Member States in strengthening their maritime and port security capacities "
                "through specialised national and regional activities, with a methodology of its own, in "
                "concert with the key actors in port security capacity building and in close coordination "
                "with other specialised international organisations such as the International Maritime "
                "Organization."
            ),
        },
        [
            (
                "Apoyo en el desarrollo e implementación de estrategias de protección marítima, a nivel "
                "nacional y subregional."
            ),
            (
                "Facilitación del intercambio de información, mejores prácticas y cooperación internacional"
                " entre gobiernos, el sector privado y sociedad civil, así como con otras organizaciones "
                "internacionales y regionales en materia de protección marítima y portuaria."
            ),
            (
                "Organización de talleres y conferencias nacionales, subregionales y regionales sobre una "
                "amplia gama de temas de protección marítima, incluyendo desarrollo de comités de "
                "protección marítima, evaluaciones de riesgos marítimo a nivel nacional, y desarrollo de "
                "estrategias de protección marítima."
            ),
            (
                "Implementación de iniciativas destinadas a reducir la brecha de mujeres que trabajan en el"
                " sector marítimo."
            ),
            (
                "Elaboración y difusión de informes sobre tendencias y problemas regionales de protección "
                "marítima y portuaria, incluyendo protección de instalaciones portuarias."
            ),
        ],
    ),
    Programme(
        {SPANISH: "Seguridad de fronteras: seguridad en la aviación", ENGLISH: "Border security: aviation security"},
        {
            SPANISH: (
                "Apoyar en el fortalecimiento de la capacidad instalada para cumplir con las normas y "
                "prácticas recomendadas por la Organización de Aviación Civil Internacional (OACI), el "
                "Convenio de Aviación Civil Internacional, especialmente el Anexo 17 – Seguridad: "
                "protección de la aviación civil internacional contra los actos de interferencia ilícita) y"
                " otras recomendaciones para proteger la aviación civil internacional de posibles actos de "
                "terrorismo."
            ),
            ENGLISH: (
                "To help strengthen the installed capacity to comply with the standards and recommended "
                "practices of the International Civil Aviation Organization (ICAO), the Convention on "
                "International Civil Aviation, in particular Annex 17 – Security: safeguarding "
                "international civil aviation against acts of unlawful interference, and other "
                "recommendations to protect international civil aviation from possible acts of terrorism."
            ),
        },
        [
            (
                "Capacitación de personal con responsabilidad operativa y actores clave para la seguridad "
                "de la aviación en la identificación y mitigación de amenazas internas y externas en el "
                "sector de la aviación civil (amenazas internas en los aeropuertos, MANPADS, controles de "
                "acceso nacional, entre otros)."
            ),
            (
                "Concientización de autoridades subregionales en el sector de la seguridad de la aviación "
                "sobre las amenazas internas a la seguridad en este sector para facilitar el intercambio de"
                " buenas prácticas orientadas a mitigar amenazas y fomentar una cultura de seguridad."
            ),
            (
                "Capacitación de personal con responsabilidad operativa y actores clave para la seguridad "
                "de la aviación sobre los estándares y buenas prácticas recomendadas por OACI, con "
                "particular atención a los requisitos de control de acceso."
            ),
            (
                "Capacitación de autoridades aduaneras, inspectores de carga y otros actores relevantes en "
                "la identificación y mitigación de riesgos en la cadena de suministro de la carga aérea."
            ),
            (
                "Intercambios de buenas prácticas y lecciones aprendidas en el marco de la seguridad de la "
                "aviación por medio de un taller hemisférico dirigido a los encargados de las políticas "
                "públicas del sector de la aviación en la región."
            ),
            (
                "Establecimiento de red de puntos focales nacionales para la seguridad de la aviación, con "
                "la finalidad de fomentar una coordinación más efectiva y el intercambio de información y "
                "buenas prácticas entre las autoridades policiales y organizaciones nacionales, regionales "
                "e internacionales."
            ),
            (
                "Fortalecimiento de los estándares de perspectiva de género en las políticas de seguridad "
                "de la aviación."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: "Seguridad de fronteras: seguridad de carga y contenedores",
            ENGLISH: "Border security: cargo and container security",
        },
        {
            SPANISH: (
                "Apoyar a los Estados Miembros en fortalecer los mecanismos de seguridad de carga y sus "
                "medios de transporte, particularmente los procedimientos aduaneros, control, inspección e "
                "interdicción de cargas transfronterizas y sus medios de transporte."
            ),
            ENGLISH: (
                "To support the Member States in strengthening the security mechanisms for cargo and its "
                "means of transport, particularly customs procedures and the control, inspection and "
                "interdiction of cross-border cargo and its means of transport."
            ),
        },
        [
            ("Desarrollo de cursos introductorios virtuales en seguridad de cargas en fronteras terrestres."),
            (
                "Desarrollo de cursos de bioseguridad dirigido a oficiales aduaneros y de seguridad "
                "fronteriza sobre cómo protegerse ante una futura endemia o pandemia."
            ),
            "Donación de equipos de protección personal.",
            (
                "Desarrollo de foros virtuales subregionales y regionales en materia de aduanas y seguridad"
                " de mercancías transfronterizas."
            ),
            (
                "Creación de un listado regional de expertos quienes pueden servir de instructores "
                "nacionales e internacionales en apoyo a este programa, fortaleciendo a su vez el perfil "
                "profesional de los oficiales y fomentando la coordinación y cooperación regional."
            ),
            (
                "Apoyo a los Estados Miembros que así lo soliciten en el diseño e implementación de "
                "protocolos de bioseguridad aplicables por aduanas y otras agencias de control de "
                "mercancías transfronterizas en puntos de acceso nacionales terrestres, aéreos y marítimos."
            ),
            (
                "Misiones de análisis y evaluación técnica in-situ en fronteras terrestres, aéreas y "
                "marítimas para identificar vulnerabilidades y estrategias para optimizar los procesos de "
                "inspección y control de carga y los medios que las transportan."
            ),
            (
                "Fortalecimiento de las capacidades de interdicción de las aduanas, las fuerzas del orden y"
                " otras agencias de seguridad que operan en las zonas francas clave."
            ),
            (
                "Desarrollo de publicaciones sobre el estado actual de la seguridad de la carga y los "
                "contenedores en el hemisferio, tendencias recientes y posibles vulnerabilidades de la "
                "cadena de suministro."
            ),
            (
                "Iniciativas de concientización y cursos de capacitación sobre las brechas de género y los "
                "desafíos, estrategias y herramientas para el empoderamiento de las oficiales de dichas "
                "agencias."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: ("Seguridad de fronteras: seguridad en la cadena de suministros / Operador Económico Autorizado"),
            ENGLISH: "Border security: supply chain security / Authorized Economic Operator",
        },
        {
            SPANISH: (
                "Apoyar el fortalecimiento de la seguridad en la cadena de suministros por medio de "
                "operadores económicos autorizados que generan mayor seguridad para los oficiales aduaneros"
                " y facilitan el comercio para las empresas, conforme a los lineamientos contemplados en el"
                " marco SAFE de la Organización Mundial de Aduanas."
            ),
            ENGLISH: (
                "To support the strengthening of supply chain security through authorized economic "
                "operators, which bring greater security for customs officers and facilitate trade for "
                "businesses, in line with the World Customs Organization's SAFE Framework."
            ),
        },
        [
            (
                "Desarrollo de evaluaciones nacionales y planes de trabajo para agencias aduaneras con el "
                "fin de fortalecer la cooperación y coordinación inter-institucional con otras agencias "
                "gubernamentales de control fronterizo."
            ),
            (
                "Organización de actividades relacionadas con la identificación de vacíos jurídicos u "
                "obstáculos interinstitucionales, con especial atención a los operadores comerciales en las"
                " Zonas de Libre Comercio (Zonas Francas)."
            ),
            (
                "Sensibilización de oficiales aduaneros, otras agencias gubernamentales y operadores "
                "comerciales sobre las amenazas de armas de destrucción masiva y el terrorismo químico, "
                "biológico, radiológico y nuclear, y sobre los beneficios del Programa de Operadores "
                "Económicos Autorizados."
            ),
            (
                "Promover el intercambio de buenas prácticas en seguridad de la cadena de suministro y así "
                "contribuir a asegurar y optimizar la cadena de suministro regional y global."
            ),
            (
                "Capacitaciones para el sector privado sobre el programa Operador Económico Autorizado para"
                " identificar desafíos, posibles soluciones, oportunidades y beneficios en coordinación con"
                " cámaras de comercio, agencias de facilitación del comercio y organizaciones "
                "internacionales subregionales o globales."
            ),
            (
                "Realización de ejercicios de validación en torno a las prioridades de las administraciones"
                " aduaneras nacionales con relación a los operadores económico y/o comerciales que "
                "desarrollen sus operaciones en zonas francas."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: "Seguridad de espacios concurridos, incluyendo destinos turísticos y grandes eventos",
            ENGLISH: "Security of crowded places, including tourist destinations and major events",
        },
        {
            SPANISH: (
                "Contribuir al fortalecimiento de las capacidades existentes, la coordinación "
                "interinstitucional y la cooperación hemisférica para la protección de objetivos "
                "vulnerables y espacios concurridos, incluyendo destinos turísticos y grandes eventos, ante"
                " posibles amenazas terroristas."
            ),
            ENGLISH: (
                "To contribute to strengthening existing capacities, inter-institutional coordination and "
                "hemispheric cooperation for the protection of soft targets and crowded places, including "
                "tourist destinations and major events, against possible terrorist threats."
            ),
        },
        [
            "Apoyo en el desarrollo de estrategias nacionales de seguridad turística.",
            ("Apoyo a los países miembros en la planeación de la seguridad de grandes eventos en la región."),
            (
                "Documentación de las prácticas y lecciones aprendidas durante la planeación de la "
                "seguridad de un gran evento."
            ),
            (
                "Mantenimiento de las redes de puntos focales nacionales del programa de seguridad de "
                "grandes eventos y de seguridad turística."
            ),
            ("Actualización de la versión electrónica del modelo de planeación de seguridad de grandes eventos"),
            (
                "Compilación de recomendaciones y hallazgos claves en perspectiva de género para la "
                "seguridad turística y de grandes eventos"
            ),
            (
                "Actualización del Manual de Alianzas Publico Privadas para la Planificación de Seguridad "
                "de Grandes Eventos."
            ),
        ],
    ),
    Programme(
        {
            SPANISH: "Asistencia técnica y legislativa contra el financiamiento del terrorismo",
            ENGLISH: "Technical and legislative assistance against the financing of terrorism",
        },
        {
            SPANISH: (
                "Apoyar a los Estados Miembros que así lo que requieran en la lucha contra el terrorismo y "
                "su financiamiento por medio de la implementación de un marco legislativo acorde a sus "
                "obligaciones jurídicas, estándares internacionales y sistemas eficaces de prevención y "
                "detección en materia de lavados de activos y financiamiento del terrorismo."
            ),
            ENGLISH: (
                "To support the Member States that so request in the fight against terrorism and its "
                "financing through a legislative framework in keeping with their legal obligations and "
                "international standards, and effective systems for preventing and detecting money "
                "laundering and the financing of terrorism."
            ),
        },
        [
            (
                "Provisión de asistencia técnica y legislativa a los Estados Miembros que lo requieran para"
                " actualizar su marco legal interno en materia de lavado de activos y financiamiento del "
                "terrorismo, de acuerdo con los instrumentos internacionales y las recomendaciones del "
                "GAFI."
            ),
            (
                "Apoyo en el desarrollo de sistemas eficaces para la implementación de sanciones "
                "financieras dirigidas y sistemas para elaboración de listados domésticos, de acuerdo con "
                "los instrumentos jurídicos internacionales."
            ),
            (
                "Desarrollo de capacidades de funcionarios e instituciones nacionales en técnicas "
                "especiales de investigación, enjuiciamiento y otras herramientas conforme a los estándares"
                " internacionales en la materia."
            ),
            (
                "Capacitación especializada de analistas de unidades de inteligencia financiera, "
                "supervisores financieros y representantes del sector privado para promover la cooperación "
                "en la investigación de casos de lavado de activos y financiamiento del terrorismo y de la "
                "proliferación."
            ),
            (
                "Realización de talleres y foros virtuales dirigidos a funcionarios gubernamentales y "
                "miembros del sector privado sobre las amenazas emergentes en materia de financiamiento del"
                " terrorismo, así como los métodos de detección, prevención e investigación judicial, según"
                " corresponda."
            ),
            (
                "Publicación sobre los vínculos entre el crimen organizado transnacional y el terrorismo, "
                "en colaboración con el Departamento contra el Crimen Organizado Transnacional y el "
                "Instituto Interregional de las Naciones Unidas para Investigaciones sobre la Delincuencia "
                "y la Justicia (UNICRI)."
            ),
        ],
    ),
    Programme(
        {SPANISH: "Red Interamericana contra el Terrorismo", ENGLISH: "Inter-American Network against Terrorism"},
        {
            SPANISH: (
                "Facilitar el intercambio de información oportuna para prevenir y contrarrestar el "
                "terrorismo en la región, así como para fortalecer los vínculos de cooperación entre las "
                "personas e instituciones designadas. La Red está conformada con la participación "
                "(voluntaria) de los Estados Miembros y cuenta con un directorio de acceso seguro de "
                "contactos institucionales, designados por los Estados Miembros, que está disponible 24 "
                "horas/7 días a la semana."
            ),
            ENGLISH: (
                "To facilitate the timely exchange of information to prevent and counter terrorism in the "
                "region and to strengthen the ties of cooperation between the designated persons and "
                "institutions. The Network is made up of the Member States that choose to take part and has"
                " a secure directory of institutional contacts, designated by the Member States, available "
                "24 hours a day, 7 days a week."
            ),
        },
        [
            (
                "Organización de reuniones trimestrales virtuales y, por lo menos una reunión presencial si"
                " las condiciones sanitarias lo permiten, para facilitar el intercambio de información y "
                "buenas prácticas entre los Estados Miembros que integran la Red."
            ),
            ("Intercambio de experiencias con otros organismos multilaterales que cuentan con redes similares."),
        ],
    ),
]
# Carried over past the plan's period (late) or dropped; every other activity was done.
CICTE_CARRIED_OVER = {(1, 14), (5, 7), (9, 6)}
CICTE_DROPPED = {(6, 3)}


CICTE_TITLE_EN = "Work plan 2023–2024 of the Secretariat of the Inter-American Committee against Terrorism"
CICTE_DEADLINE = "2023-2024"
CICTE_APPROVAL = {
    "approved_on": date(2023, 5, 18),
    "approval_meeting": "CICTE, cuarta sesión plenaria",
    # The plan's document (CICTE01642S01); a demo link, as every address of the demo.
    "approval_document": "https://documents.example.org/cicte/CICTE01642S01",
}
# How long the report whose date was "to be defined" has been under way, and how long it still has.
UNDATED_STARTED_DAYS_AGO = 60
UNDATED_DUE_IN_DAYS = 90


def build(directory: Directory, now: datetime, rng: random.Random) -> None:
    """PROSUR's security group with its sub-groups and their plans, and the CICTE plan, unless already there."""
    oas = Directory.objects.filter(slug=OAS_DIRECTORY).first() or directory
    today = timezone.localdate(now)
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=oas).first()
    with transaction.atomic():
        if not WorkingGroup.objects.filter(directory=oas, name=PROSUR_GROUP).exists():
            prosur(oas, today, manager)
        if not WorkPlan.objects.filter(directory=oas, group=None, title=CICTE_PLAN).exists():
            cicte_plan(oas, today, manager)


def is_built() -> bool:
    """Whether the demo's PROSUR group and CICTE plan are there already."""
    return (
        WorkingGroup.objects.filter(name=PROSUR_GROUP).exists()
        and WorkPlan.objects.filter(group=None, title=CICTE_PLAN).exists()
    )


def plan_year(today: date) -> int:
    """The year of the sub-groups' plans: the last one whose first two months have passed."""
    return today.year if today.month >= 3 else today.year - 1


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _group(directory: Directory, names: dict, purpose: dict, lead: State, members: dict, parent=None) -> WorkingGroup:
    group = WorkingGroup(
        directory=directory, parent=parent, original_language=SPANISH, lead_state=lead, is_public=parent is None
    )
    group.set_texts("name", names)
    group.set_texts("purpose", purpose)
    return services.save_group(group, members)


def _line(plan: WorkPlan, position: int, title: dict, purpose: dict | None = None) -> LineOfAction:
    line = LineOfAction(plan=plan, position=position, original_language=SPANISH)
    line.set_texts("title", title)
    line.set_texts("purpose", purpose or {})
    line.save()
    return line


def prosur(directory: Directory, today: date, author: User | None) -> WorkingGroup:
    codes = set(PROSUR_MEMBERS).union(*(sub.members for sub in SUB_GROUPS))
    states = State.objects.in_bulk(codes, field_name="iso3")
    group = _group(
        directory,
        {SPANISH: PROSUR_GROUP, ENGLISH: "Working Group on Security and Combating Crime"},
        PROSUR_PURPOSE,
        states["CHL"],
        {states[code]: role for code, role in PROSUR_MEMBERS.items()},
    )
    year = plan_year(today)
    for sub in SUB_GROUPS:
        members = {states[code]: role for code, role in sub.members.items()}
        sub_group = _group(directory, sub.name, sub.purpose, states[sub.lead], members, parent=group)
        _sub_group_plan(sub_group, sub, year, today, author)
    return group


def _sub_group_plan(group: WorkingGroup, sub: SubGroup, year: int, today: date, author: User | None) -> WorkPlan:
    plan = WorkPlan(
        directory=group.directory,
        group=group,
        original_language=SPANISH,
        period_start=date(year - 1, 7, 1),
        period_end=max(date(year, 12, 31), today + timedelta(days=UNDATED_DUE_IN_DAYS)),
    )
    plan.set_texts("title", {SPANISH: f"Plan de Trabajo {year}", ENGLISH: f"Work plan {year}"})
    plan.save()
    lead = [group.lead_state]
    counted = [row.state for row in group.memberships.counted().select_related("state")]
    made: dict[tuple[int, int], Product] = {}
    for line_number, spec in enumerate(sub.lines, 1):
        line = _line(plan, line_number, spec.title)
        for number, item in enumerate(spec.items, 1):
            product = Product(
                line=line,
                position=number,
                title=item.title,
                kind=item.kind,
                deadline_text=item.deadline.format(year=year, before=year - 1),
                status=item.status,
            )
            if item.months:
                (first_offset, first_month), (last_offset, last_month) = item.months
                product.due_from = date(year + first_offset, first_month, 1)
                product.due_until = _month_end(year + last_offset, last_month)
            if item.undated:
                product.due_from = today - timedelta(days=UNDATED_STARTED_DAYS_AGO)
                product.due_until = today + timedelta(days=UNDATED_DUE_IN_DAYS)
            made[line_number, number] = services.save_product(product, responsible=counted if item.everyone else lead)
    for line_number, spec in enumerate(sub.lines, 1):
        for number, item in enumerate(spec.items, 1):
            product = made[line_number, number]
            if item.depends_on:
                services.set_dependencies(product, [made[position] for position in item.depends_on])
            if item.update:
                days_before, text = item.update
                on = min(product.due_until - timedelta(days=days_before), today)
                services.report_progress(product, author=author, text=text, on=on)
    if sub.lead == "ECU":
        # The report whose date was to be defined: its first draft is with the sub-group.
        report = made[2, 1]
        services.report_progress(
            report,
            author=author,
            text="Primer borrador del informe regional enviado a los integrantes para sus comentarios.",
            on=today - timedelta(days=UNDATED_STARTED_DAYS_AGO // 3),
        )
    return plan


def cicte_plan(directory: Directory, today: date, author: User | None) -> WorkPlan:
    plan = WorkPlan(
        directory=directory,
        original_language=SPANISH,
        period_start=date(2023, 1, 1),
        period_end=date(2024, 12, 31),
        **CICTE_APPROVAL,
    )
    plan.set_texts("title", {SPANISH: CICTE_PLAN, ENGLISH: CICTE_TITLE_EN})
    plan.save()
    for line_number, programme in enumerate(CICTE_PROGRAMMES, 1):
        line = _line(plan, line_number, programme.title, programme.purpose)
        for number, activity in enumerate(programme.activities, 1):
            status = DONE
            if (line_number, number) in CICTE_CARRIED_OVER:
                status = UNDER_WAY
            elif (line_number, number) in CICTE_DROPPED:
                status = DROPPED
            services.save_product(
                Product(
                    line=line,
                    position=number,
                    title=activity,
                    kind=ItemKind.ACTIVITY,
                    deadline_text=CICTE_DEADLINE,
                    status=status,
                )
            )
    bootcamp = plan.products.get(line__position=1, position=5)
    services.report_progress(
        bootcamp,
        author=author,
        text="Cybersecurity Summer Bootcamp held in León with participants from 24 Member States.",
        on=date(2024, 7, 26),
    )
    roadmaps = plan.products.get(line__position=1, position=14)
    services.report_progress(
        roadmaps,
        author=author,
        text="Two Member States are finishing their maturity road maps; the work continues into the next plan.",
        on=today - timedelta(days=30),
    )
    return plan

"""The demo's surveys: the OAS regional threat survey as it was run, and a survey the demo coordinators can answer.

- **Regional cyber threat survey** in the OAS network (the UN directory when there is none): one answer per point
  of contact, confidential, written in the seven interface languages, closed, 91 answers from 12 countries, its
  report published to the participants. Malware, phishing and ransomware are the threats most seen; finance and
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

# Texts by language: English, Spanish, French, Arabic, Russian, Chinese, Portuguese (the interface's).
LANGUAGE_ORDER = ["en", "es", "fr", "ar", "ru", "zh-hans", "pt"]


def _texts(*texts: str) -> dict[str, str]:
    return dict(zip(LANGUAGE_ORDER, texts, strict=True))


# (texts, how often it is chosen): the report ranks them as the region saw them.
THREATS = [
    (
        _texts(
            "Malware",
            "Programas maliciosos",
            "Logiciels malveillants",
            "البرمجيات الخبيثة",
            "Вредоносное ПО",
            "恶意软件",
            "Software malicioso",
        ),
        0.86,
    ),
    (
        _texts(
            "Phishing",
            "Suplantación de identidad (phishing)",
            "Hameçonnage",
            "التصيد الاحتيالي",
            "Фишинг",
            "网络钓鱼",
            "Phishing",
        ),
        0.8,
    ),
    (
        _texts(
            "Ransomware",
            "Ransomware",
            "Rançongiciels",
            "برمجيات الفدية",
            "Программы-вымогатели",
            "勒索软件",
            "Ransomware",
        ),
        0.7,
    ),
    (
        _texts(
            "Distributed denial of service (DDoS)",
            "Denegación de servicio distribuida (DDoS)",
            "Déni de service distribué (DDoS)",
            "الحرمان من الخدمة الموزع (DDoS)",
            "Распределенный отказ в обслуживании (DDoS)",
            "分布式拒绝服务（DDoS）",
            "Negação de serviço distribuída (DDoS)",
        ),
        0.42,
    ),
    (
        _texts(
            "Data breach",
            "Filtración de datos",
            "Violation de données",
            "اختراق البيانات",
            "Утечка данных",
            "数据泄露",
            "Violação de dados",
        ),
        0.36,
    ),
    (
        _texts(
            "Business e-mail compromise",
            "Compromiso del correo electrónico empresarial",
            "Compromission de messagerie d'entreprise",
            "اختراق البريد الإلكتروني للأعمال",
            "Компрометация деловой переписки",
            "商业电子邮件诈骗",
            "Comprometimento de e-mail empresarial",
        ),
        0.3,
    ),
    (
        _texts(
            "Website defacement",
            "Desfiguración de sitios web",
            "Défiguration de sites web",
            "تشويه المواقع الإلكترونية",
            "Дефейс веб-сайтов",
            "网站篡改",
            "Desfiguração de sítios web",
        ),
        0.22,
    ),
    (
        _texts(
            "Supply-chain compromise",
            "Ataque a la cadena de suministro",
            "Compromission de la chaîne d'approvisionnement",
            "اختراق سلسلة الإمداد",
            "Атака на цепочку поставок",
            "供应链攻击",
            "Ataque à cadeia de abastecimento",
        ),
        0.14,
    ),
]
SECTORS = [
    (
        _texts(
            "Finance and banking",
            "Finanzas y banca",
            "Finance et banque",
            "المالية والمصارف",
            "Финансы и банковское дело",
            "金融和银行业",
            "Finanças e banca",
        ),
        0.8,
    ),
    (
        _texts(
            "Telecommunications",
            "Telecomunicaciones",
            "Télécommunications",
            "الاتصالات",
            "Телекоммуникации",
            "电信",
            "Telecomunicações",
        ),
        0.7,
    ),
    (_texts("Health", "Salud", "Santé", "الصحة", "Здравоохранение", "卫生", "Saúde"), 0.62),
    (
        _texts(
            "Public sector",
            "Sector público",
            "Secteur public",
            "القطاع العام",
            "Государственный сектор",
            "公共部门",
            "Setor público",
        ),
        0.58,
    ),
    (_texts("Energy", "Energía", "Énergie", "الطاقة", "Энергетика", "能源", "Energia"), 0.34),
    (_texts("Education", "Educación", "Éducation", "التعليم", "Образование", "教育", "Educação"), 0.24),
    (_texts("Transport", "Transporte", "Transports", "النقل", "Транспорт", "交通运输", "Transportes"), 0.18),
    (_texts("Water", "Agua", "Eau", "المياه", "Водоснабжение", "供水", "Água"), 0.1),
]
CAPACITY_AREAS = [
    _texts("Detection", "Detección", "Détection", "الكشف", "Обнаружение", "检测", "Deteção"),
    _texts("Response", "Respuesta", "Réponse", "الاستجابة", "Реагирование", "响应", "Resposta"),
    _texts("Recovery", "Recuperación", "Rétablissement", "التعافي", "Восстановление", "恢复", "Recuperação"),
]
LEVELS = [
    _texts("Low", "Baja", "Faible", "منخفضة", "Низкая", "低", "Baixa"),
    _texts("Medium", "Media", "Moyenne", "متوسطة", "Средняя", "中", "Média"),
    _texts("High", "Alta", "Élevée", "عالية", "Высокая", "高", "Alta"),
]
STRATEGY_STAGES = [
    _texts("Yes, adopted", "Sí, adoptada", "Oui, adoptée", "نعم، معتمدة", "Да, принята", "是，已通过", "Sim, adotada"),
    _texts(
        "In preparation",
        "En preparación",
        "En préparation",
        "قيد الإعداد",
        "В процессе подготовки",
        "正在制定",
        "Em preparação",
    ),
    _texts("Not yet", "Todavía no", "Pas encore", "ليس بعد", "Пока нет", "尚无", "Ainda não"),
]
THREAT_SURVEY_TITLE = _texts(
    "Regional cyber threat survey",
    "Encuesta regional sobre amenazas cibernéticas",
    "Enquête régionale sur les cybermenaces",
    "استبيان إقليمي بشأن التهديدات السيبرانية",
    "Региональный опрос о киберугрозах",
    "区域网络威胁调查",
    "Inquérito regional sobre ciberameaças",
)
THREAT_SURVEY_INTRODUCTION = _texts(
    "Which threats your team saw in the last twelve months, which sectors they hit, and how ready your team is to "
    "handle incidents. Your answers are confidential.",
    "Qué amenazas observó su equipo en los últimos doce meses, a qué sectores afectaron y qué tan preparado está su "
    "equipo para gestionar incidentes. Sus respuestas son confidenciales.",
    "Les menaces que votre équipe a observées au cours des douze derniers mois, les secteurs touchés et la capacité "
    "de votre équipe à traiter les incidents. Vos réponses sont confidentielles.",
    "التهديدات التي رصدها فريقكم خلال الاثني عشر شهرًا الماضية، والقطاعات التي طالتها، ومدى جاهزية فريقكم للتعامل "
    "مع الحوادث. إجاباتكم سرية.",
    "Какие угрозы ваша группа наблюдала за последние двенадцать месяцев, какие секторы они затронули и насколько "
    "ваша группа готова реагировать на инциденты. Ваши ответы конфиденциальны.",
    "贵团队在过去十二个月中发现了哪些威胁、影响了哪些部门，以及贵团队处理事件的准备程度。您的答复将予以保密。",
    "As ameaças que a sua equipa observou nos últimos doze meses, os setores afetados e a preparação da sua equipa "
    "para gerir incidentes. As suas respostas são confidenciais.",
)
THREAT_SURVEY_SECTIONS = [
    _texts("Threats", "Amenazas", "Menaces", "التهديدات", "Угрозы", "威胁", "Ameaças"),
    _texts(
        "Incident handling",
        "Gestión de incidentes",
        "Traitement des incidents",
        "التعامل مع الحوادث",
        "Реагирование на инциденты",
        "事件处理",
        "Gestão de incidentes",
    ),
]
THREAT_SURVEY_QUESTIONS = {
    "threats": _texts(
        "Which threats did your team see in the last twelve months?",
        "¿Qué amenazas observó su equipo en los últimos doce meses?",
        "Quelles menaces votre équipe a-t-elle observées au cours des douze derniers mois ?",
        "ما التهديدات التي رصدها فريقكم خلال الاثني عشر شهرًا الماضية؟",
        "Какие угрозы ваша группа наблюдала за последние двенадцать месяцев?",
        "贵团队在过去十二个月中发现了哪些威胁？",
        "Que ameaças a sua equipa observou nos últimos doze meses?",
    ),
    "sectors": _texts(
        "Which sectors were most affected?",
        "¿Qué sectores fueron los más afectados?",
        "Quels secteurs ont été les plus touchés ?",
        "ما القطاعات الأكثر تضررًا؟",
        "Какие секторы пострадали больше всего?",
        "哪些部门受影响最大？",
        "Que setores foram os mais afetados?",
    ),
    "capacity": _texts(
        "How ready is your team to handle a major incident? (1: not at all, 5: fully)",
        "¿Qué tan preparado está su equipo para gestionar un incidente grave? (1: nada, 5: plenamente)",
        "Dans quelle mesure votre équipe est-elle prête à traiter un incident majeur ? "
        "(1 : pas du tout, 5 : pleinement)",
        "ما مدى جاهزية فريقكم للتعامل مع حادث كبير؟ (1: غير جاهز إطلاقًا، 5: جاهز تمامًا)",
        "Насколько ваша группа готова к реагированию на крупный инцидент? (1 — совсем не готова, 5 — полностью)",
        "贵团队处理重大事件的准备程度如何？（1：完全没有准备，5：完全准备就绪）",
        "Qual o grau de preparação da sua equipa para gerir um incidente grave? (1: nenhum, 5: total)",
    ),
    "areas": _texts(
        "Your team's capacity in each area",
        "La capacidad de su equipo en cada área",
        "La capacité de votre équipe dans chaque domaine",
        "قدرة فريقكم في كل مجال",
        "Возможности вашей группы в каждой области",
        "贵团队在各领域的能力",
        "A capacidade da sua equipa em cada área",
    ),
    "support": _texts(
        "What support would help your team most?",
        "¿Qué apoyo ayudaría más a su equipo?",
        "Quel soutien aiderait le plus votre équipe ?",
        "ما الدعم الذي سيفيد فريقكم أكثر من غيره؟",
        "Какая поддержка больше всего помогла бы вашей группе?",
        "哪些支持对贵团队最有帮助？",
        "Que apoio mais ajudaria a sua equipa?",
    ),
}
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


def _question(section: Section, code: str, kind: str, texts: dict, *, choices=(), rows=(), **fields) -> Question:
    """A question whose text, choices and grid rows are given by language (``_texts``, or English and Spanish)."""
    question = Question(
        version=section.version,
        section=section,
        code=code,
        kind=kind,
        position=section.questions.count() + 1,
        original_language="en",
        **fields,
    )
    question.set_texts("text", texts)
    languages = list(texts)
    return services.save_question(
        question,
        {language: [item[language] for item in choices] for language in languages} if choices else {},
        {language: [item[language] for item in rows] for language in languages} if rows else {},
    )


def _survey(directory: Directory, survey: Survey | None = None, **fields) -> Survey:
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=directory).first()
    survey = survey or Survey(directory=directory, original_language="en", **fields)
    survey.created_by = manager
    return services.create_survey(survey)


def _section(version, position: int, texts: dict) -> Section:
    section = Section(version=version, position=position, original_language="en")
    section.set_texts("title", texts)
    section.save()
    return section


def threat_survey(directory: Directory, now: datetime, rng: random.Random) -> Survey:
    """The regional threat survey, closed, with its answers and its report published to the participants."""
    opened = now - timedelta(days=75)
    survey = Survey(
        directory=directory,
        respondent_kind=RespondentKind.PER_PERSON,
        anonymity=Anonymity.CONFIDENTIAL,
        opens_at=opened,
        closes_at=opened + timedelta(days=28),
        original_language="en",
    )
    survey.set_texts("title", THREAT_SURVEY_TITLE)
    survey.set_texts("introduction", THREAT_SURVEY_INTRODUCTION)
    survey = _survey(directory, survey)
    version = survey.current_version
    threats, capacity = (
        _section(version, position, texts) for position, texts in enumerate(THREAT_SURVEY_SECTIONS, start=1)
    )
    wording = THREAT_SURVEY_QUESTIONS
    questions = [
        _question(
            threats,
            "threats",
            QuestionKind.MULTIPLE,
            wording["threats"],
            choices=[texts for texts, _share in THREATS],
            required=True,
        ),
        _question(
            threats,
            "sectors",
            QuestionKind.MULTIPLE,
            wording["sectors"],
            choices=[texts for texts, _share in SECTORS],
            required=True,
        ),
        _question(
            capacity, "capacity", QuestionKind.SCALE, wording["capacity"], scale_min=1, scale_max=5, required=True
        ),
        _question(capacity, "areas", QuestionKind.MATRIX, wording["areas"], choices=LEVELS, rows=CAPACITY_AREAS),
        _question(capacity, "support", QuestionKind.LONG_TEXT, wording["support"]),
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
        seen = [f"c{index}" for index, item in enumerate(THREATS, start=1) if rng.random() < item[1]] or ["c1"]
        hit = [f"c{index}" for index, item in enumerate(SECTORS, start=1) if rng.random() < item[1]] or ["c1"]
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


IMPLEMENTATION_SURVEY_TITLE = _texts(
    "National implementation of the cyber norms",
    "Aplicación nacional de las normas cibernéticas",
    "Mise en œuvre nationale des normes relatives au cyberespace",
    "التنفيذ الوطني لقواعد السلوك في الفضاء السيبراني",
    "Осуществление норм в сфере ИКТ на национальном уровне",
    "网络空间规范的国家执行情况",
    "Implementação nacional das normas cibernéticas",
)
IMPLEMENTATION_SURVEY_INTRODUCTION = _texts(
    "One answer per State, prepared by its points of contact and submitted by its coordinator.",
    "Una respuesta por Estado, preparada por sus puntos de contacto y enviada por su coordinador.",
    "Une réponse par État, préparée par ses points de contact et soumise par son coordinateur.",
    "إجابة واحدة لكل دولة، تعدّها جهات الاتصال التابعة لها ويقدّمها منسّقها.",
    "Один ответ от каждого государства, подготовленный его контактными лицами и представленный его координатором.",
    "每个国家提交一份答复，由其联络人准备，并由其协调员提交。",
    "Uma resposta por Estado, preparada pelos seus pontos de contacto e enviada pelo seu coordenador.",
)
IMPLEMENTATION_SECTION = _texts(
    "Implementation", "Aplicación", "Mise en œuvre", "التنفيذ", "Осуществление", "执行情况", "Implementação"
)
IMPLEMENTATION_QUESTIONS = {
    "strategy": _texts(
        "Does your State have a national cybersecurity strategy?",
        "¿Tiene su Estado una estrategia nacional de ciberseguridad?",
        "Votre État dispose-t-il d'une stratégie nationale de cybersécurité ?",
        "هل لدى دولتكم استراتيجية وطنية للأمن السيبراني؟",
        "Есть ли у вашего государства национальная стратегия кибербезопасности?",
        "贵国是否制定了国家网络安全战略？",
        "O seu Estado dispõe de uma estratégia nacional de cibersegurança?",
    ),
    "csirt": _texts(
        "Does your State have a national CSIRT?",
        "¿Tiene su Estado un CSIRT nacional?",
        "Votre État dispose-t-il d'une équipe nationale de réponse aux incidents informatiques (CSIRT) ?",
        "هل لدى دولتكم فريق وطني للاستجابة للحوادث الحاسوبية (CSIRT)؟",
        "Есть ли у вашего государства национальная группа реагирования на компьютерные инциденты (CSIRT)?",
        "贵国是否设有国家计算机安全事件响应小组（CSIRT）？",
        "O seu Estado dispõe de uma equipa nacional de resposta a incidentes informáticos (CSIRT)?",
    ),
    "staff": _texts(
        "How many people work in the national CSIRT?",
        "¿Cuántas personas trabajan en el CSIRT nacional?",
        "Combien de personnes travaillent au sein du CSIRT national ?",
        "كم عدد العاملين في الفريق الوطني للاستجابة للحوادث الحاسوبية؟",
        "Сколько человек работает в национальной группе CSIRT?",
        "国家计算机安全事件响应小组有多少工作人员？",
        "Quantas pessoas trabalham na CSIRT nacional?",
    ),
    "notes": _texts(
        "Anything the secretariat should know?",
        "¿Algo que la secretaría deba saber?",
        "Y a-t-il autre chose que le secrétariat devrait savoir ?",
        "هل هناك ما ينبغي أن تعلمه الأمانة؟",
        "Есть ли что-либо ещё, о чём следует знать секретариату?",
        "还有什么需要秘书处了解的情况吗？",
        "Há mais alguma coisa que o secretariado deva saber?",
    ),
}


def implementation_survey(directory: Directory, now: datetime) -> Survey:
    """A State's survey, open for a month, in the seven interface languages; everyone it asks has a participation
    (invited, not e-mailed)."""
    survey = Survey(
        directory=directory,
        respondent_kind=RespondentKind.PER_STATE,
        anonymity=Anonymity.NAMED,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=30),
        original_language="en",
    )
    survey.set_texts("title", IMPLEMENTATION_SURVEY_TITLE)
    survey.set_texts("introduction", IMPLEMENTATION_SURVEY_INTRODUCTION)
    survey = _survey(directory, survey)
    version = survey.current_version
    section = _section(version, 1, IMPLEMENTATION_SECTION)
    texts = IMPLEMENTATION_QUESTIONS
    _question(section, "strategy", QuestionKind.SINGLE, texts["strategy"], choices=STRATEGY_STAGES, required=True)
    _question(section, "csirt", QuestionKind.YES_NO, texts["csirt"], required=True)
    _question(section, "staff", QuestionKind.NUMBER, texts["staff"])
    _question(section, "notes", QuestionKind.LONG_TEXT, texts["notes"])
    version.frozen_at = survey.opens_at
    version.save(update_fields=["frozen_at"])
    survey.status, survey.invited_at = SurveyStatus.OPEN, survey.opens_at
    survey.save(update_fields=["status", "invited_at", "updated"])
    Participation.objects.bulk_create(
        Participation(survey=survey, user=user, state=state, invited_at=survey.opens_at)
        for user, state in services.invitees(survey)
    )
    return survey

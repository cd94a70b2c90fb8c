"""The six cyber confidence-building measures that the Member States of the OAS agreed, as data.

The measures were agreed in the OAS's Inter-American Committee against Terrorism (CICTE), by its Working
Group on Cooperation and Confidence-Building Measures in Cyberspace, set up by resolution CICTE/RES. 1/17;
the OAS lists them on the group's portal, https://www.oascybercbms.org/.

Each measure's text is given in each of Enlace's languages. The Spanish text is the original, the one the
others translate; the English, French, Portuguese (Brazilian), Arabic, Russian and Chinese (simplified)
texts are Enlace's translations, in the terms of each language's glossary (docs/glossary/). The OAS's
portal gives the measures in English in words of its own, which differ from Enlace's English here and
there ("Develop and strengthen capacity building", "best practices"); no French or Portuguese text of the
measures from the OAS was found.

A directory's catalogue gets these with ``services.install_oas_catalogue``. The first three are answered by
Enlace's own data (see ``services.dashboard``).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from cbm.choices import Derivation
from directory.choices import RoleKind

# The directory role whose active nominations implement a measure (CBM 2 and 3): the role, not the
# contact's institution, says what a point of contact is nominated as.
ROLE_OF_DERIVATION = {
    Derivation.POLITICAL_POC: RoleKind.POLITICAL,
    Derivation.FOREIGN_AFFAIRS_POC: RoleKind.FOREIGN_AFFAIRS,
}

ORIGINAL_LANGUAGE = "es"


@dataclass(frozen=True)
class DefaultMeasure:
    """One measure as Enlace installs it: its number, whether Enlace's data answers it, its text by language."""

    number: int
    derivation: Derivation
    texts: Mapping[str, str]

    @property
    def text(self) -> str:
        """The text in the original language, Spanish."""
        return self.texts[ORIGINAL_LANGUAGE]

    @property
    def translations(self) -> dict[str, str]:
        """The texts in every other language, by language."""
        return {language: text for language, text in self.texts.items() if language != ORIGINAL_LANGUAGE}


OAS_CYBER_CBMS = [
    DefaultMeasure(
        number=1,
        derivation=Derivation.POLICY_IN_FORCE,
        texts={
            "es": "Proporcionar información sobre las políticas nacionales de ciberseguridad, como estrategias "
            "nacionales, libros blancos, marcos jurídicos y otros documentos que cada Estado miembro considere "
            "pertinentes.",
            "en": "Provide information on national cybersecurity policies, such as national strategies, white "
            "papers, legal frameworks and other documents that each Member State considers relevant.",
            "fr": "Fournir des informations sur les politiques nationales de cybersécurité, telles que les "
            "stratégies nationales, les livres blancs, les cadres juridiques et les autres documents que chaque "
            "État Membre juge pertinents.",
            "pt": "Fornecer informações sobre as políticas nacionais de segurança cibernética, tais como "
            "estratégias nacionais, livros brancos, marcos jurídicos e outros documentos que cada Estado-membro "
            "considere pertinentes.",
            "ar": "تقديم معلومات عن السياسات الوطنية للأمن السيبراني، مثل الاستراتيجيات الوطنية والكتب البيضاء "
            "والأطر القانونية وغيرها من الوثائق التي تراها كل دولة عضو ذات صلة.",
            "ru": "Предоставлять информацию о национальной политике в области кибербезопасности, например о "
            "национальных стратегиях, белых книгах, правовой базе и других документах, которые каждое "
            "государство-член сочтет уместными.",
            "zh-hans": "提供关于国家网络安全政策的信息，例如国家战略、白皮书、法律框架以及各会员国认为相关的其他文件。",
        },
    ),
    DefaultMeasure(
        number=2,
        derivation=Derivation.POLITICAL_POC,
        texts={
            "es": "Identificar un punto de contacto nacional a nivel político para debatir las implicaciones de "
            "las ciberamenazas hemisféricas.",
            "en": "Identify a national point of contact at the political level to discuss the implications of "
            "hemispheric cyber threats.",
            "fr": "Identifier un point de contact national de niveau politique pour débattre des incidences des "
            "cybermenaces à l’échelle du continent américain.",
            "pt": "Identificar um ponto de contato nacional de nível político para debater as implicações das "
            "ameaças cibernéticas hemisféricas.",
            "ar": "تحديد جهة اتصال وطنية على المستوى السياسي لمناقشة الآثار المترتبة على التهديدات السيبرانية في "
            "نصف الكرة الغربي.",
            "ru": "Определить национальный контактный пункт политического уровня для обсуждения последствий "
            "киберугроз в Западном полушарии.",
            "zh-hans": "确定一个政治级别的国家联络点，以讨论西半球网络威胁的影响。",
        },
    ),
    DefaultMeasure(
        number=3,
        derivation=Derivation.FOREIGN_AFFAIRS_POC,
        texts={
            "es": "Designar puntos de contacto, si no existen actualmente, en los Ministerios de Asuntos Exteriores "
            "con el fin de facilitar el trabajo de cooperación y los diálogos internacionales sobre ciberseguridad "
            "y ciberespacio.",
            "en": "Designate points of contact, if none currently exist, in Ministries of Foreign Affairs in order "
            "to facilitate cooperative work and international dialogues on cybersecurity and cyberspace.",
            "fr": "Désigner des points de contact, s’il n’en existe pas encore, au sein des ministères des affaires "
            "étrangères afin de faciliter les travaux de coopération et les dialogues internationaux sur la "
            "cybersécurité et le cyberespace.",
            "pt": "Designar pontos de contato, caso ainda não existam, nos ministérios das relações exteriores, a "
            "fim de facilitar o trabalho de cooperação e os diálogos internacionais sobre segurança cibernética e "
            "ciberespaço.",
            "ar": "تسمية جهات اتصال في وزارات الخارجية، إن لم تكن موجودة حالياً، بغرض تيسير أعمال التعاون والحوارات "
            "الدولية بشأن الأمن السيبراني والفضاء السيبراني.",
            "ru": "Назначить контактные пункты в министерствах иностранных дел, если таковых еще нет, для "
            "облегчения совместной работы и международных диалогов по вопросам кибербезопасности и "
            "киберпространства.",
            "zh-hans": "在外交部指定联络点（如尚未设立），以便利开展合作工作以及关于网络安全和网络空间的国际对话。",
        },
    ),
    DefaultMeasure(
        number=4,
        derivation=Derivation.NONE,
        texts={
            "es": "Ampliar y reforzar el desarrollo de capacidades a través de actividades como seminarios, "
            "conferencias y talleres para funcionarios públicos y privados en materia de ciberdiplomacia, entre "
            "otros.",
            "en": "Expand and strengthen capacity building through activities such as seminars, conferences and "
            "workshops for public and private officials on cyber diplomacy, among others.",
            "fr": "Élargir et intensifier le renforcement des capacités au moyen d’activités telles que des "
            "séminaires, des conférences et des ateliers à l’intention des responsables des secteurs public et "
            "privé, portant notamment sur la cyberdiplomatie.",
            "pt": "Ampliar e fortalecer o desenvolvimento de capacidades por meio de atividades como seminários, "
            "conferências e oficinas para funcionários dos setores público e privado em matéria de diplomacia "
            "cibernética, entre outros temas.",
            "ar": "توسيع نطاق بناء القدرات وتعزيزه من خلال أنشطة مثل الحلقات الدراسية والمؤتمرات وحلقات العمل "
            "لفائدة الموظفين في القطاعين العام والخاص في مجال الدبلوماسية السيبرانية وغيره من المجالات.",
            "ru": "Расширять и укреплять деятельность по наращиванию потенциала посредством таких мероприятий, как "
            "семинары, конференции и практикумы для сотрудников государственного и частного секторов, в том "
            "числе по вопросам кибердипломатии.",
            "zh-hans": "通过面向公共部门和私营部门官员的研讨会、会议和讲习班等活动，"
            "扩大和加强网络外交等方面的能力建设。",
        },
    ),
    DefaultMeasure(
        number=5,
        derivation=Derivation.NONE,
        texts={
            "es": "Fomentar la incorporación de la ciberseguridad y el ciberespacio en los cursos de capacitación "
            "básica y en la capacitación de diplomáticos y funcionarios de los Ministerios de Asuntos Exteriores y "
            "de otras agencias gubernamentales.",
            "en": "Encourage the incorporation of cybersecurity and cyberspace into basic training courses and into "
            "the training of diplomats and officials of Ministries of Foreign Affairs and other government "
            "agencies.",
            "fr": "Encourager l’intégration de la cybersécurité et du cyberespace dans les cours de formation de "
            "base ainsi que dans la formation des diplomates et des fonctionnaires des ministères des affaires "
            "étrangères et d’autres organismes publics.",
            "pt": "Incentivar a incorporação da segurança cibernética e do ciberespaço nos cursos de formação "
            "básica e na capacitação de diplomatas e funcionários dos ministérios das relações exteriores e de "
            "outros órgãos governamentais.",
            "ar": "التشجيع على إدراج الأمن السيبراني والفضاء السيبراني في دورات التدريب الأساسي وفي تدريب "
            "الدبلوماسيين والموظفين في وزارات الخارجية وغيرها من الأجهزة الحكومية.",
            "ru": "Поощрять включение вопросов кибербезопасности и киберпространства в курсы базовой подготовки, а "
            "также в подготовку дипломатов и сотрудников министерств иностранных дел и других государственных "
            "ведомств.",
            "zh-hans": "鼓励将网络安全和网络空间纳入基础培训课程，并纳入对外交部和其他政府机构的外交官和官员的培训。",
        },
    ),
    DefaultMeasure(
        number=6,
        derivation=Derivation.NONE,
        texts={
            "es": "Fomentar la cooperación y el intercambio de buenas prácticas en materia de ciberdiplomacia, "
            "ciberseguridad y ciberespacio, mediante el establecimiento de grupos de trabajo, otros mecanismos de "
            "diálogo y la firma de acuerdos entre los Estados.",
            "en": "Encourage cooperation and the exchange of good practices in cyber diplomacy, cybersecurity and "
            "cyberspace through the establishment of working groups, other dialogue mechanisms and the signing of "
            "agreements between States.",
            "fr": "Encourager la coopération et l’échange de bonnes pratiques en matière de cyberdiplomatie, de "
            "cybersécurité et de cyberespace, par la création de groupes de travail et d’autres mécanismes de "
            "dialogue et par la signature d’accords entre les États.",
            "pt": "Incentivar a cooperação e o intercâmbio de boas práticas em matéria de diplomacia cibernética, "
            "segurança cibernética e ciberespaço, mediante o estabelecimento de grupos de trabalho e de outros "
            "mecanismos de diálogo e a assinatura de acordos entre os Estados.",
            "ar": "التشجيع على التعاون وتبادل الممارسات الجيدة في مجالات الدبلوماسية السيبرانية والأمن السيبراني "
            "والفضاء السيبراني، من خلال إنشاء أفرقة عاملة وغيرها من آليات الحوار وتوقيع اتفاقات بين الدول.",
            "ru": "Поощрять сотрудничество и обмен передовым опытом в области кибердипломатии, кибербезопасности и "
            "киберпространства путем создания рабочих групп и других механизмов диалога, а также подписания "
            "соглашений между государствами.",
            "zh-hans": "通过设立工作组和其他对话机制以及由各国签署协定，"
            "促进网络外交、网络安全和网络空间方面的合作和良好做法交流。",
        },
    ),
]

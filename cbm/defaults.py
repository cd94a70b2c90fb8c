"""The six OAS cyber confidence-building measures, as data (seed 001, footnote 8).

The Spanish text is the original, word for word; the English is Enlace's translation. A directory's
catalogue gets these with ``services.install_oas_catalogue``. The first three are answered by
Enlace's own data (see services.derive).
"""

from cbm.choices import Derivation
from directory.choices import RoleKind

# The directory role whose active nominations implement a measure (CBM 2 and 3): the role, not the
# contact's institution, says what a point of contact is nominated as.
ROLE_OF_DERIVATION = {
    Derivation.POLITICAL_POC: RoleKind.POLITICAL,
    Derivation.FOREIGN_AFFAIRS_POC: RoleKind.FOREIGN_AFFAIRS,
}

OAS_CYBER_CBMS = [
    (
        1,
        Derivation.POLICY_IN_FORCE,
        "Proporcionar información sobre las políticas nacionales de ciberseguridad, como estrategias nacionales, "
        "libros blancos, marcos jurídicos y otros documentos que cada Estado miembro considere pertinentes.",
        "Provide information on national cybersecurity policies, such as national strategies, white papers, "
        "legal frameworks and other documents that each Member State considers relevant.",
    ),
    (
        2,
        Derivation.POLITICAL_POC,
        "Identificar un punto de contacto nacional a nivel político para debatir las implicaciones de las "
        "ciberamenazas hemisféricas.",
        "Identify a national point of contact at the political level to discuss the implications of hemispheric "
        "cyber threats.",
    ),
    (
        3,
        Derivation.FOREIGN_AFFAIRS_POC,
        "Designar puntos de contacto, si no existen actualmente, en los Ministerios de Asuntos Exteriores con el "
        "fin de facilitar el trabajo de cooperación y los diálogos internacionales sobre ciberseguridad y "
        "ciberespacio.",
        "Designate points of contact, if none currently exist, in Ministries of Foreign Affairs in order to "
        "facilitate cooperative work and international dialogues on cybersecurity and cyberspace.",
    ),
    (
        4,
        Derivation.NONE,
        "Ampliar y reforzar el desarrollo de capacidades a través de actividades como seminarios, conferencias y "
        "talleres para funcionarios públicos y privados en materia de ciberdiplomacia, entre otros.",
        "Expand and strengthen capacity building through activities such as seminars, conferences and workshops "
        "for public and private officials on cyber diplomacy, among others.",
    ),
    (
        5,
        Derivation.NONE,
        "Fomentar la incorporación de la ciberseguridad y el ciberespacio en los cursos de capacitación básica y "
        "en la capacitación de diplomáticos y funcionarios de los Ministerios de Asuntos Exteriores y de otras "
        "agencias gubernamentales.",
        "Encourage the incorporation of cybersecurity and cyberspace into basic training courses and into the "
        "training of diplomats and officials of Ministries of Foreign Affairs and other government agencies.",
    ),
    (
        6,
        Derivation.NONE,
        "Fomentar la cooperación y el intercambio de buenas prácticas en materia de ciberdiplomacia, "
        "ciberseguridad y ciberespacio, mediante el establecimiento de grupos de trabajo, otros mecanismos de "
        "diálogo y la firma de acuerdos entre los Estados.",
        "Encourage cooperation and the exchange of good practices in cyber diplomacy, cybersecurity and "
        "cyberspace through the establishment of working groups, other dialogue mechanisms and the signing of "
        "agreements between States.",
    ),
]

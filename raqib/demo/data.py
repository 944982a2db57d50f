"""The synthetic demonstration dataset, as data: ministries, bodies, categories, point kinds.

The ministries and bodies are real Tunisian institutions (so that a demonstration reads like
the department's work), but every service point, telephone number and e-mail address built
from them is invented: numbers are random, e-mail domains end in the reserved `.example`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# (code, acronym, name_ar, name_fr)
MINISTRIES: list[tuple[str, str, str, str]] = [
    ("demo-m-social", "MAS", "وزارة الشؤون الاجتماعية", "Ministère des Affaires sociales"),
    (
        "demo-m-comm",
        "MTC",
        "وزارة تكنولوجيات الاتصال",
        "Ministère des Technologies de la communication",
    ),
    ("demo-m-interior", "MI", "وزارة الداخلية", "Ministère de l'Intérieur"),
    ("demo-m-finance", "MF", "وزارة المالية", "Ministère des Finances"),
    ("demo-m-health", "MS", "وزارة الصحة", "Ministère de la Santé"),
    ("demo-m-justice", "MJ", "وزارة العدل", "Ministère de la Justice"),
    ("demo-m-transport", "MT", "وزارة النقل", "Ministère du Transport"),
    ("demo-m-education", "ME", "وزارة التربية", "Ministère de l'Éducation"),
    (
        "demo-m-equipment",
        "MEH",
        "وزارة التجهيز والإسكان",
        "Ministère de l'Équipement et de l'Habitat",
    ),
    (
        "demo-m-agriculture",
        "MARHP",
        "وزارة الفلاحة والموارد المائية والصيد البحري",
        "Ministère de l'Agriculture, des Ressources hydrauliques et de la Pêche",
    ),
    (
        "demo-m-industry",
        "MIME",
        "وزارة الصناعة والمناجم والطاقة",
        "Ministère de l'Industrie, des Mines et de l'Énergie",
    ),
    (
        "demo-m-employment",
        "MEFP",
        "وزارة التشغيل والتكوين المهني",
        "Ministère de l'Emploi et de la Formation professionnelle",
    ),
    (
        "demo-m-state-property",
        "MDEAF",
        "وزارة أملاك الدولة والشؤون العقارية",
        "Ministère des Domaines de l'État et des Affaires foncières",
    ),
]


@dataclass(frozen=True)
class Body:
    code: str
    parent: str
    body_type: str
    acronym: str
    name_ar: str
    name_fr: str
    # The body's real public website, shown on some of its points.
    website: str = ""
    # The e-mail domain of its invented addresses (always under the reserved .example).
    mail: str = ""


BODIES: list[Body] = [
    Body(
        "demo-cnam",
        "demo-m-social",
        "establishment",
        "CNAM",
        "الصندوق الوطني للتأمين على المرض",
        "Caisse nationale d'assurance maladie",
        "https://www.cnam.nat.tn/",
        "cnam",
    ),
    Body(
        "demo-cnss",
        "demo-m-social",
        "establishment",
        "CNSS",
        "الصندوق الوطني للضمان الاجتماعي",
        "Caisse nationale de sécurité sociale",
        "https://www.cnss.tn/",
        "cnss",
    ),
    Body(
        "demo-cnrps",
        "demo-m-social",
        "establishment",
        "CNRPS",
        "الصندوق الوطني للتقاعد والحيطة الاجتماعية",
        "Caisse nationale de retraite et de prévoyance sociale",
        "https://www.cnrps.nat.tn/",
        "cnrps",
    ),
    Body(
        "demo-poste",
        "demo-m-comm",
        "establishment",
        "",
        "البريد التونسي",
        "La Poste Tunisienne",
        "https://www.poste.tn/",
        "poste",
    ),
    Body(
        "demo-tt",
        "demo-m-comm",
        "enterprise",
        "TT",
        "اتصالات تونس",
        "Tunisie Télécom",
        "https://www.tunisietelecom.tn/",
        "tt",
    ),
    Body(
        "demo-municipalities",
        "demo-m-interior",
        "local",
        "",
        "البلديات",
        "Municipalités",
        "",
        "commune",
    ),
    Body(
        "demo-dgcpr",
        "demo-m-finance",
        "central",
        "DGCPR",
        "الإدارة العامة للمحاسبة العمومية والاستخلاص",
        "Direction générale de la comptabilité publique et du recouvrement",
        "",
        "finances",
    ),
    Body(
        "demo-dgi",
        "demo-m-finance",
        "central",
        "DGI",
        "الإدارة العامة للأداءات",
        "Direction générale des impôts",
        "",
        "impots",
    ),
    Body(
        "demo-hospitals",
        "demo-m-health",
        "establishment",
        "",
        "المستشفيات الجهوية",
        "Hôpitaux régionaux",
        "",
        "hopital",
    ),
    Body(
        "demo-csb",
        "demo-m-health",
        "regional",
        "",
        "مراكز الصحة الأساسية",
        "Centres de santé de base",
        "",
        "sante",
    ),
    Body(
        "demo-courts",
        "demo-m-justice",
        "central",
        "",
        "المحاكم الابتدائية ومحاكم النواحي",
        "Tribunaux de première instance et justices cantonales",
        "",
        "justice",
    ),
    Body(
        "demo-sncft",
        "demo-m-transport",
        "enterprise",
        "SNCFT",
        "الشركة الوطنية للسكك الحديدية التونسية",
        "Société nationale des chemins de fer tunisiens",
        "https://www.sncft.com.tn/",
        "sncft",
    ),
    Body(
        "demo-attt",
        "demo-m-transport",
        "establishment",
        "ATTT",
        "الوكالة الفنية للنقل البري",
        "Agence technique des transports terrestres",
        "",
        "attt",
    ),
    Body(
        "demo-cre",
        "demo-m-education",
        "regional",
        "CRE",
        "المندوبيات الجهوية للتربية",
        "Commissariats régionaux à l'éducation",
        "",
        "education",
    ),
    Body(
        "demo-dre",
        "demo-m-equipment",
        "regional",
        "DRE",
        "الإدارات الجهوية للتجهيز",
        "Directions régionales de l'équipement",
        "",
        "equipement",
    ),
    Body(
        "demo-crda",
        "demo-m-agriculture",
        "regional",
        "CRDA",
        "المندوبيات الجهوية للتنمية الفلاحية",
        "Commissariats régionaux au développement agricole",
        "",
        "crda",
    ),
    Body(
        "demo-sonede",
        "demo-m-agriculture",
        "enterprise",
        "SONEDE",
        "الشركة الوطنية لاستغلال وتوزيع المياه",
        "Société nationale d'exploitation et de distribution des eaux",
        "https://www.sonede.com.tn/",
        "sonede",
    ),
    Body(
        "demo-steg",
        "demo-m-industry",
        "enterprise",
        "STEG",
        "الشركة التونسية للكهرباء والغاز",
        "Société tunisienne de l'électricité et du gaz",
        "https://www.steg.com.tn/",
        "steg",
    ),
    Body(
        "demo-aneti",
        "demo-m-employment",
        "establishment",
        "ANETI",
        "الوكالة الوطنية للتشغيل والعمل المستقل",
        "Agence nationale pour l'emploi et le travail indépendant",
        "https://www.emploi.nat.tn/",
        "aneti",
    ),
    Body(
        "demo-cpf",
        "demo-m-state-property",
        "central",
        "CPF",
        "إدارة الملكية العقارية",
        "Conservation de la propriété foncière",
        "",
        "cpf",
    ),
    Body(
        "demo-otc",
        "demo-m-state-property",
        "establishment",
        "OTC",
        "ديوان قيس الأراضي والمسح العقاري",
        "Office de la topographie et du cadastre",
        "",
        "otc",
    ),
]

# (code, name_ar, name_fr)
CATEGORIES: list[tuple[str, str, str]] = [
    ("civil-status", "الحالة المدنية", "État civil"),
    ("social-security", "الضمان الاجتماعي", "Sécurité sociale"),
    ("health", "الصحة", "Santé"),
    ("tax-collection", "الجباية والاستخلاص", "Fiscalité et recouvrement"),
    ("post", "الخدمات البريدية", "Services postaux"),
    ("telecom", "الاتصالات", "Télécommunications"),
    ("justice", "العدالة", "Justice"),
    ("municipal", "الخدمات البلدية", "Services municipaux"),
    ("education", "التربية", "Éducation"),
    ("transport", "النقل", "Transport"),
    ("water-energy", "الماء والطاقة", "Eau et énergie"),
    ("agriculture", "الفلاحة", "Agriculture"),
    ("employment", "التشغيل", "Emploi"),
    ("land", "الشؤون العقارية", "Affaires foncières"),
    ("equipment-housing", "التجهيز والإسكان", "Équipement et habitat"),
]


@dataclass(frozen=True)
class PointKind:
    """A kind of service point. `{ar}` is «بـ» + the place in Arabic, `{fr}` the place in
    French with its preposition (de, du, d'), `{place_ar}`/`{place_fr}` the bare place."""

    key: str
    body: str
    category: str
    name_ar: str
    name_fr: str
    share: float  # the probability that a governorate (or delegation) has one


# One per governorate, in its seat (when `share` allows).
REGIONAL_KINDS: list[PointKind] = [
    PointKind(
        "cnam",
        "demo-cnam",
        "social-security",
        "المركز الجهوي للصندوق الوطني للتأمين على المرض {ar}",
        "Centre régional de la CNAM {fr}",
        1.0,
    ),
    PointKind(
        "cnss",
        "demo-cnss",
        "social-security",
        "المكتب الجهوي للصندوق الوطني للضمان الاجتماعي {ar}",
        "Bureau régional de la CNSS {fr}",
        1.0,
    ),
    PointKind(
        "cnrps",
        "demo-cnrps",
        "social-security",
        "المكتب الجهوي للصندوق الوطني للتقاعد والحيطة الاجتماعية {ar}",
        "Bureau régional de la CNRPS {fr}",
        0.6,
    ),
    PointKind(
        "tt",
        "demo-tt",
        "telecom",
        "الفضاء التجاري لاتصالات تونس {ar}",
        "Espace commercial Tunisie Télécom {fr}",
        0.8,
    ),
    PointKind(
        "townhall",
        "demo-municipalities",
        "municipal",
        "قصر بلدية {place_ar}",
        "Hôtel de ville {fr}",
        1.0,
    ),
    PointKind(
        "tax",
        "demo-dgi",
        "tax-collection",
        "المركز الجهوي لمراقبة الأداءات {ar}",
        "Centre régional de contrôle des impôts {fr}",
        1.0,
    ),
    PointKind(
        "hospital",
        "demo-hospitals",
        "health",
        "المستشفى الجهوي {ar}",
        "Hôpital régional {fr}",
        1.0,
    ),
    PointKind(
        "court",
        "demo-courts",
        "justice",
        "المحكمة الابتدائية {ar}",
        "Tribunal de première instance {fr}",
        1.0,
    ),
    PointKind(
        "station",
        "demo-sncft",
        "transport",
        "محطة القطار {ar}",
        "Gare {fr}",
        0.5,
    ),
    PointKind(
        "vehicle-test",
        "demo-attt",
        "transport",
        "مركز الفحص الفني للعربات {ar}",
        "Centre de visite technique {fr}",
        0.8,
    ),
    PointKind(
        "education",
        "demo-cre",
        "education",
        "المندوبية الجهوية للتربية {ar}",
        "Commissariat régional à l'éducation {fr}",
        1.0,
    ),
    PointKind(
        "equipment",
        "demo-dre",
        "equipment-housing",
        "الإدارة الجهوية للتجهيز {ar}",
        "Direction régionale de l'équipement {fr}",
        0.9,
    ),
    PointKind(
        "crda",
        "demo-crda",
        "agriculture",
        "المندوبية الجهوية للتنمية الفلاحية {ar}",
        "Commissariat régional au développement agricole {fr}",
        0.9,
    ),
    PointKind(
        "sonede",
        "demo-sonede",
        "water-energy",
        "إقليم الشركة الوطنية لاستغلال وتوزيع المياه {ar}",
        "District SONEDE {fr}",
        0.9,
    ),
    PointKind(
        "steg",
        "demo-steg",
        "water-energy",
        "إقليم الشركة التونسية للكهرباء والغاز {ar}",
        "District STEG {fr}",
        0.9,
    ),
    PointKind(
        "employment",
        "demo-aneti",
        "employment",
        "مكتب التشغيل والعمل المستقل {ar}",
        "Bureau de l'emploi et du travail indépendant {fr}",
        1.0,
    ),
    PointKind(
        "land",
        "demo-cpf",
        "land",
        "الإدارة الجهوية للملكية العقارية {ar}",
        "Direction régionale de la propriété foncière {fr}",
        0.7,
    ),
    PointKind(
        "cadastre",
        "demo-otc",
        "land",
        "الإدارة الجهوية لديوان قيس الأراضي والمسح العقاري {ar}",
        "Direction régionale de l'OTC {fr}",
        0.4,
    ),
]

# Per delegation.
LOCAL_KINDS: list[PointKind] = [
    PointKind(
        "post", "demo-poste", "post", "مكتب بريد {place_ar}", "Bureau de poste {place_fr}", 1.0
    ),
    PointKind(
        "civil-status",
        "demo-municipalities",
        "civil-status",
        "مكتب الحالة المدنية {ar}",
        "Bureau d'état civil {fr}",
        0.45,
    ),
    PointKind(
        "revenue",
        "demo-dgcpr",
        "tax-collection",
        "القباضة المالية {ar}",
        "Recette des finances {fr}",
        0.35,
    ),
    PointKind(
        "health-centre",
        "demo-csb",
        "health",
        "مركز الصحة الأساسية {ar}",
        "Centre de santé de base {fr}",
        0.35,
    ),
    PointKind(
        "district-court",
        "demo-courts",
        "justice",
        "محكمة الناحية {ar}",
        "Justice cantonale {fr}",
        0.12,
    ),
    PointKind(
        "cnss-local",
        "demo-cnss",
        "social-security",
        "المكتب المحلي للصندوق الوطني للضمان الاجتماعي {ar}",
        "Bureau local de la CNSS {fr}",
        0.12,
    ),
]

# Rough centre (the governorate seat) and a spread in degrees, by ISO 3166-2 code: points are
# drawn around it, so they fall in the right part of the country on a map.
GOVERNORATE_AREAS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "TN-11": (Decimal("36.806"), Decimal("10.181"), Decimal("0.04")),
    "TN-12": (Decimal("36.862"), Decimal("10.195"), Decimal("0.05")),
    "TN-13": (Decimal("36.753"), Decimal("10.219"), Decimal("0.05")),
    "TN-14": (Decimal("36.808"), Decimal("10.097"), Decimal("0.06")),
    "TN-21": (Decimal("36.456"), Decimal("10.737"), Decimal("0.15")),
    "TN-22": (Decimal("36.402"), Decimal("10.143"), Decimal("0.12")),
    "TN-23": (Decimal("37.274"), Decimal("9.874"), Decimal("0.15")),
    "TN-31": (Decimal("36.725"), Decimal("9.182"), Decimal("0.15")),
    "TN-32": (Decimal("36.501"), Decimal("8.780"), Decimal("0.15")),
    "TN-33": (Decimal("36.182"), Decimal("8.715"), Decimal("0.15")),
    "TN-34": (Decimal("36.085"), Decimal("9.370"), Decimal("0.15")),
    "TN-41": (Decimal("35.678"), Decimal("10.096"), Decimal("0.18")),
    "TN-42": (Decimal("35.167"), Decimal("8.836"), Decimal("0.18")),
    "TN-43": (Decimal("35.038"), Decimal("9.484"), Decimal("0.18")),
    "TN-51": (Decimal("35.826"), Decimal("10.636"), Decimal("0.10")),
    "TN-52": (Decimal("35.764"), Decimal("10.811"), Decimal("0.07")),
    "TN-53": (Decimal("35.505"), Decimal("11.062"), Decimal("0.12")),
    "TN-61": (Decimal("34.740"), Decimal("10.760"), Decimal("0.20")),
    "TN-71": (Decimal("34.425"), Decimal("8.784"), Decimal("0.20")),
    "TN-72": (Decimal("33.920"), Decimal("8.134"), Decimal("0.12")),
    "TN-73": (Decimal("33.705"), Decimal("8.969"), Decimal("0.20")),
    "TN-81": (Decimal("33.882"), Decimal("10.098"), Decimal("0.15")),
    "TN-82": (Decimal("33.355"), Decimal("10.505"), Decimal("0.20")),
    "TN-83": (Decimal("32.929"), Decimal("10.451"), Decimal("0.25")),
}

# Landline prefixes by governorate (the second digit after 7).
PHONE_PREFIXES: dict[str, str] = {
    "TN-11": "71",
    "TN-12": "70",
    "TN-13": "79",
    "TN-14": "70",
    "TN-21": "72",
    "TN-22": "72",
    "TN-23": "72",
    "TN-31": "78",
    "TN-32": "78",
    "TN-33": "78",
    "TN-34": "78",
    "TN-41": "77",
    "TN-42": "77",
    "TN-43": "76",
    "TN-51": "73",
    "TN-52": "73",
    "TN-53": "73",
    "TN-61": "74",
    "TN-71": "76",
    "TN-72": "76",
    "TN-73": "75",
    "TN-81": "75",
    "TN-82": "75",
    "TN-83": "75",
}

STREETS = [
    "Avenue Habib Bourguiba",
    "Avenue de la République",
    "Rue de la Liberté",
    "Avenue Farhat Hached",
    "Rue Ibn Khaldoun",
    "Avenue Hédi Chaker",
    "Avenue de l'Environnement",
    "Rue Ali Belhouane",
    "Avenue du 14 Janvier",
    "Rue de l'Indépendance",
]

OPENING_HOURS = [
    "08:00–12:30 / 14:00–17:30",
    "08:00–15:00",
    "08:00–13:00 / 14:00–17:00",
    "07:30–14:30",
]

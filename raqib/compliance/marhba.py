"""The Marhba label referential, edition 3 (2020), as far as it is known to us.

Known (../shared/context/facts.md): 8 chapters and 17 requirements; they include accessibility,
clear answers within guaranteed delays and information for the public; the label covers the
citizen-relations office, telephone reception, face-to-face reception and the mail registry.
The full text was not available: every chapter title and the requirements we only know from the
subjects of our grids' "Marhba — …" references are **placeholders** (flag `placeholder`), to be
completed by the department before the referential is published. Nothing here is the official
wording; the grouping into chapters is provisional too.
"""

from __future__ import annotations

CODE = "MARHBA"
EDITION = 3
TITLE_AR = "المرجع الفني لعلامة مرحبا — الإصدار 3 (2020)"
TITLE_FR = "Référentiel du label Marhba — édition 3 (2020)"

TBC_AR = " (يُستكمل من قبل الإدارة)"
TBC_FR = " (à compléter par le département)"

# (number, title_ar, title_fr): no title is known, all are placeholders.
CHAPTERS = tuple((n, f"الباب {n}{TBC_AR}", f"Chapitre {n}{TBC_FR}") for n in range(1, 9))

# (code, chapter, text_ar, text_fr, placeholder). The first three subjects are known from the
# public description of the label; the others are named after our grids' references or the
# label's scope and stay placeholders until the department enters the official text.
REQUIREMENTS: tuple[tuple[str, int, str, str, bool], ...] = (
    ("M-01", 1, "إتاحة المرفق لكل المرتفقين", "Accessibilité du service à tous les usagers", False),
    ("M-02", 1, "إعلام العموم", "Information du public", False),
    ("M-03", 1, "الإرشاد والعلامات والنفاذ", "Signalétique et accès", True),
    ("M-04", 2, "الاستقبال المباشر والانتظار", "Accueil physique et attente", True),
    ("M-05", 2, "راحة المقرات ونظافتها", "Confort et propreté des locaux", True),
    ("M-06", 3, "سلوك الأعوان", "Comportement des agents", True),
    (
        "M-07",
        4,
        "إجابات واضحة في آجال مضمونة",
        "Réponses claires dans des délais garantis",
        False,
    ),
    ("M-08", 5, "الاستقبال الهاتفي", "Accueil téléphonique", True),
    ("M-09", 6, "الاستقبال الرقمي", "Accueil numérique", True),
    ("M-10", 6, "البريد الإلكتروني", "Courrier électronique", True),
    ("M-11", 6, "مكتب الضبط", "Bureau d'ordre (courrier)", True),
    ("M-12", 7, "الإصغاء والشكاوى", "Écoute et réclamations", True),
    ("M-13", 7, "مكتب العلاقات مع المواطن", "Bureau des relations avec le citoyen", True),
    ("M-14", 8, "مقتضى غير معروف", "Exigence inconnue", True),
    ("M-15", 8, "مقتضى غير معروف", "Exigence inconnue", True),
    ("M-16", 8, "مقتضى غير معروف", "Exigence inconnue", True),
    ("M-17", 8, "مقتضى غير معروف", "Exigence inconnue", True),
)

# The default mapping: a grid criterion whose `reference` is one of these texts gives evidence
# on the requirement (raqib/grids/data/default_grids/builders.py, M_*).
DEFAULT_MAPPING: dict[str, str] = {
    "Marhba — accessibilité": "M-01",
    "Marhba — signalétique et accès": "M-03",
    "Marhba — accueil physique et attente": "M-04",
    "Marhba — confort et propreté des locaux": "M-05",
    "Marhba — comportement des agents": "M-06",
    "Marhba — accueil téléphonique": "M-08",
    "Marhba — accueil numérique": "M-09",
    "Marhba — courrier électronique": "M-10",
    "Marhba — écoute et réclamations": "M-12",
}

"""The standard item bank: the questionnaire every wave may reuse.

Items play a role in the indices through their *code*, which is stable across versions:

- ``SAT_OVERALL`` — overall satisfaction, scale 1–5 (the satisfaction index);
- ``DRV_<X>`` — satisfaction with one driver, scale 1–5 (per-driver scores);
- ``IMP_<X>`` — importance of the same driver, scale 1–5 (priority matrix);
- ``CHANNEL`` (single choice), ``SETTLED`` (yes/no), ``COMMENT`` (free text): context only.

A department-made questionnaire counts in the indices as long as it keeps these codes; any
other item is stored and exported but ignored by the indices.
"""

from __future__ import annotations

from typing import Any

GRID_CODE = "SAT-STD"
OVERALL = "SAT_OVERALL"
DRIVER_PREFIX = "DRV_"
IMPORTANCE_PREFIX = "IMP_"

# (suffix, satisfaction label ar/fr, importance label ar/fr)
DRIVERS: list[tuple[str, tuple[str, str], tuple[str, str]]] = [
    (
        "TIMELINESS",
        (
            "الآجال: المدّة التي استغرقها الحصول على الخدمة، بما في ذلك الانتظار",
            "Délais : le temps mis pour obtenir le service, attente comprise",
        ),
        ("احترام الآجال وقِصَر مدّة الانتظار", "Des délais courts et respectés"),
    ),
    (
        "KNOWLEDGE",
        (
            "كفاءة الأعوان ودرايتهم بالإجراءات",
            "Compétence du personnel et connaissance des démarches",
        ),
        ("كفاءة الأعوان", "La compétence du personnel"),
    ),
    (
        "COURTESY",
        ("حسن الاستقبال ولباقة الأعوان", "Courtoisie et amabilité du personnel"),
        ("حسن الاستقبال واللباقة", "La courtoisie du personnel"),
    ),
    (
        "FAIRNESS",
        (
            "الإنصاف والمساواة في المعاملة بين جميع المواطنين",
            "Équité : le même traitement pour tous les usagers",
        ),
        ("المساواة في المعاملة", "L'égalité de traitement"),
    ),
    (
        "OUTCOME",
        (
            "النتيجة: الحصول على ما جئت من أجله",
            "Résultat : obtenir ce pour quoi vous êtes venu(e)",
        ),
        ("الحصول على النتيجة المطلوبة", "Obtenir le résultat attendu"),
    ),
    (
        "ACCESS",
        (
            "سهولة الوصول إلى الخدمة: المكان وأوقات العمل والإرشاد",
            "Facilité d'accès : lieu, horaires et orientation",
        ),
        ("سهولة الوصول إلى الخدمة", "La facilité d'accès au service"),
    ),
    (
        "INFORMATION",
        (
            "وضوح المعلومات المقدَّمة: الوثائق المطلوبة والإجراءات",
            "Clarté des informations : pièces demandées et démarches",
        ),
        ("وضوح المعلومات", "La clarté des informations"),
    ),
]
DRIVER_CODES = [f"{DRIVER_PREFIX}{suffix}" for suffix, _s, _i in DRIVERS]

CHANNELS = [
    ("in_person", "حضوريًّا في الشبّاك", "Sur place, au guichet"),
    ("phone", "بالهاتف", "Par téléphone"),
    ("web", "عبر موقع الواب أو خدمة عن بُعد", "Par le site web ou un service en ligne"),
    ("email", "بالبريد الإلكتروني", "Par courriel"),
    ("postal", "بالبريد العادي", "Par courrier postal"),
]


def definition() -> dict[str, Any]:
    """The bank as plain data (grid, choice lists, sections and items), in display order."""
    scale = {"answer_type": "scale", "scale_min": 1, "scale_max": 5}
    return {
        "grid": {
            "code": GRID_CODE,
            "kind": "survey",
            "channel": "in_person",
            "title_ar": "استبيان رضا المواطنين (النموذج الموحّد)",
            "title_fr": "Questionnaire de satisfaction des usagers (modèle standard)",
            "description_ar": "الأسئلة الموحّدة لقياس رضا المواطنين عن الخدمات العمومية.",
            "description_fr": "Les questions standard de mesure de la satisfaction des usagers.",
        },
        "choice_lists": {"channel": CHANNELS},
        "sections": [
            {
                "code": "overall",
                "label_ar": "الرضا العام",
                "label_fr": "Satisfaction générale",
                "items": [
                    {
                        "code": OVERALL,
                        "label_ar": "بصفة عامّة، ما مدى رضاك عن الخدمة التي تلقّيتها؟",
                        "label_fr": "Dans l'ensemble, êtes-vous satisfait(e) du service reçu ?",
                        "required": True,
                        **scale,
                    }
                ],
            },
            {
                "code": "drivers",
                "label_ar": "ما مدى رضاك عن كلّ جانب من الجوانب التالية؟",
                "label_fr": "Êtes-vous satisfait(e) de chacun des aspects suivants ?",
                "items": [
                    {"code": f"{DRIVER_PREFIX}{s}", "label_ar": sat[0], "label_fr": sat[1], **scale}
                    for s, sat, _imp in DRIVERS
                ],
            },
            {
                "code": "importance",
                "label_ar": "ما مدى أهمّية كلّ جانب من هذه الجوانب بالنسبة إليك؟",
                "label_fr": "Quelle importance accordez-vous à chacun de ces aspects ?",
                "items": [
                    {
                        "code": f"{IMPORTANCE_PREFIX}{s}",
                        "label_ar": imp[0],
                        "label_fr": imp[1],
                        **scale,
                    }
                    for s, _sat, imp in DRIVERS
                ],
            },
            {
                "code": "context",
                "label_ar": "عن زيارتك",
                "label_fr": "À propos de votre démarche",
                "items": [
                    {
                        "code": "CHANNEL",
                        "label_ar": "كيف تواصلت مع الإدارة هذه المرّة؟",
                        "label_fr": "Comment avez-vous contacté l'administration cette fois-ci ?",
                        "answer_type": "single_choice",
                        "choice_list": "channel",
                    },
                    {
                        "code": "SETTLED",
                        "label_ar": "هل تمّت تسوية مسألتك؟",
                        "label_fr": "Votre démarche a-t-elle abouti ?",
                        "answer_type": "yes_no",
                    },
                ],
            },
            {
                "code": "comment",
                "label_ar": "ملاحظاتك",
                "label_fr": "Vos remarques",
                "items": [
                    {
                        "code": "COMMENT",
                        "label_ar": "هل لديك ملاحظة أو اقتراح لتحسين الخدمة؟",
                        "label_fr": "Une remarque ou une suggestion pour améliorer le service ?",
                        "answer_type": "text",
                        "guidance_ar": "لا تذكر اسمك ولا أيّ معطيات شخصية.",
                        "guidance_fr": "N'indiquez ni votre nom ni aucune donnée personnelle.",
                    }
                ],
            },
        ],
    }

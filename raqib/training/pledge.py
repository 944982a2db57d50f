"""The confidentiality pledge observers sign in the app. A new text gets a new version: every
observer must sign it again before being certified (docs/training.md).

The wording below is the department's to confirm (organic law 2017-10 on whistleblowers and
the team's charter are not quoted: `../shared/context/facts.md` does not hold their text).
"""

PLEDGE_VERSION = "2026-1"

PLEDGE_TEXT = {
    "ar": (
        "ألتزم بالحفاظ على سرية المعطيات التي أطّلع عليها بمناسبة مهامي كمواطن رقيب، وبعدم "
        "الكشف عن صفتي أثناء الزيارات، وبتسجيل ما أعاينه بأمانة وحياد، وبإبلاغ الإدارة دون تأخير "
        "عن كل تضارب مصالح أو سلوك مشبوه بالفساد أعاينه."
    ),
    "fr": (
        "Je m'engage à garder confidentielles les informations dont j'ai connaissance dans mes "
        "missions de citoyen superviseur, à ne pas révéler ma qualité pendant les visites, à "
        "consigner ce que je constate avec exactitude et impartialité, et à signaler sans délai "
        "à la direction tout conflit d'intérêts ou comportement assimilable à la corruption."
    ),
}

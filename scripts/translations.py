"""Keep the ar and fr catalogues of every Raqib app in step with the source.

    python scripts/translations.py update [APP ...]   # refresh catalogues (makemessages per app)
    python scripts/translations.py check    # refresh, then fail on anything untranslated
    python scripts/translations.py apply APP FILE.json   # write translations into APP's .po

Each app keeps its own catalogue in raqib/<app>/locale/, so teams working on different apps
never edit the same .po file. `check` is what CI runs: a source string added without its
Arabic and French translations fails the build, as does a fuzzy (unreviewed) entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "raqib"
LANGUAGES = ("ar", "fr")
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
    "fr": "nplurals=2; plural=(n > 1);",
}


def app_dirs(only: list[str] | None = None) -> list[Path]:
    dirs = sorted(p.parent for p in APPS_DIR.glob("*/apps.py"))
    return [d for d in dirs if not only or d.name in only]


def update(only: list[str] | None = None) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "raqib.settings.test", "PYTHONPATH": str(ROOT)}
    for app in app_dirs(only):
        (app / "locale").mkdir(exist_ok=True)
        domains = ["django"]
        if any(app.glob("static/**/*.js")):
            domains.append("djangojs")
        for domain in domains:
            args = [
                str(Path(sys.executable).parent / "django-admin"),
                "makemessages",
                "--no-location",
                "--no-wrap",
                "-d",
                domain,
                "--ignore=tests/*",
                "--ignore=static/*/vendor/*",
            ]
            for lang in LANGUAGES:
                args += ["-l", lang]
            done = subprocess.run(
                args, cwd=app, env=env, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                sys.exit(f"makemessages failed in {app.name} ({domain}):\n{done.stderr}")
        for po_path in app.glob("locale/*/LC_MESSAGES/*.po"):
            _normalise_header(po_path)


def _normalise_header(po_path: Path) -> None:
    lang = po_path.parent.parent.name
    po = polib.pofile(str(po_path), wrapwidth=0)
    po.metadata.update(
        {
            "Language": lang,
            "Plural-Forms": PLURAL_FORMS[lang],
            "Content-Type": "text/plain; charset=UTF-8",
            "Project-Id-Version": "Raqib",
        }
    )
    po.metadata_is_fuzzy = False
    po.header = "Raqib translations. Arabic is the default language, French the second."
    # The creation date changes on every run and would make every check dirty the tree.
    po.metadata.pop("POT-Creation-Date", None)
    po.metadata.pop("PO-Revision-Date", None)
    po.save()


def check() -> int:
    update()
    problems: list[str] = []
    for po_path in sorted(APPS_DIR.glob("*/locale/*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{rel}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{rel}: untranslated: {entry.msgid!r}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} catalogue entries need a translation (see above).")
        return 1
    print("Translations: every catalogue is complete in ar and fr.")
    return 0


def apply(app: str, json_path: str) -> int:
    """Write translations from a JSON file into an app's catalogues.

    The file maps each msgid to {"ar": "...", "fr": "..."}; for a plural entry the value of a
    language is a list (six Arabic forms, two French ones). Entries are matched by msgid (and
    msgctxt when the key is "context\x04msgid"). Unknown msgids are reported, not added.
    """
    import json

    data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    unknown = set(data)
    for po_path in sorted((APPS_DIR / app / "locale").glob("*/LC_MESSAGES/*.po")):
        lang = po_path.parent.parent.name
        po = polib.pofile(str(po_path), wrapwidth=0)
        for entry in po:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if key not in data or lang not in data[key]:
                continue
            unknown.discard(key)
            value = data[key][lang]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                count = 6 if lang == "ar" else 2
                forms = (forms + [forms[-1]] * count)[:count]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
    for key in sorted(unknown):
        print(f"not in the {app} catalogue: {key!r}")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update(sys.argv[2:] or None)
        sys.exit(0)
    if command == "apply":
        sys.exit(apply(sys.argv[2], sys.argv[3]))
    sys.exit(check())

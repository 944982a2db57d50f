"""The XForm ODK Collect downloads for one mission: the mission's exact grid version.

Built by the grid's own XLSForm writer (pyxform), with three differences:
- the form id is the mission's (`raqib_m<id>`), so a submission says which mission it is for;
- the title names the mission and its service point;
- each criterion whose answer can require a photo gets an image question `<code>__photo`
  after it, shown when one of the answers that need a photo is chosen: the same evidence
  key the observer app writes.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any
from xml.sax.saxutils import escape

from django.core.cache import cache

from raqib.grids.scoring import PHOTO_SUFFIX
from raqib.grids.xlsform.writer import xform_export

FORM_PREFIX = "raqib_m"
_FORM_ID = re.compile(rf"^{FORM_PREFIX}(\d{{1,12}})$")
PHOTO_LABEL = {"ar": "صورة إثبات", "fr": "Photo justificative"}


def form_id(mission_pk: int) -> str:
    return f"{FORM_PREFIX}{mission_pk}"


def mission_pk_of(form: str) -> int | None:
    match = _FORM_ID.match(form or "")
    return int(match.group(1)) if match else None


def _evidence_question(criterion: dict[str, Any]) -> dict[str, Any]:
    triggers = [str(t) for t in (criterion.get("evidence") or {}).get("photo_required_when") or []]
    shown = " or ".join(f"selected(${{{criterion['code']}}}, '{t}')" for t in triggers)
    return {
        "code": criterion["code"] + PHOTO_SUFFIX,
        "type": "photo",
        "choices": None,
        "label": PHOTO_LABEL,
        "guidance": {"ar": "", "fr": ""},
        "required": True,
        "relevant": shown,
        "weight": 0,
    }


def collect_snapshot(snapshot: dict[str, Any], *, form: str, title: str) -> dict[str, Any]:
    """The snapshot as ODK Collect sees it (see the module docstring)."""
    copied = copy.deepcopy(snapshot)
    copied["grid"]["code"] = form
    copied["grid"]["title"] = {"ar": title, "fr": title}
    for section in copied["sections"]:
        criteria = []
        for criterion in section["criteria"]:
            criteria.append(criterion)
            if criterion["type"] != "photo" and (criterion.get("evidence") or {}).get(
                "photo_required_when"
            ):
                criteria.append(_evidence_question(criterion))
        section["criteria"] = criteria
    return copied


# A grid version's XForm is built once (pyxform takes a good part of a second) with these in
# place of the mission's form id and title, which are then written in per mission: a form
# list of twenty missions on one grid costs one build, not twenty.
_ID_MARK = "raqibformidmark"
_TITLE_MARK = "RAQIBTITLEMARK"
_KEPT: dict[str, str] = {}
_KEPT_MAX = 32


def _version_template(snapshot: dict[str, Any], sha: str) -> str:
    """The version's XForm with the marks, kept per process and in the cache by content."""
    found = _KEPT.get(sha)
    if found is None:
        key = "odk-xform-template:" + hashlib.sha256(sha.encode()).hexdigest()
        found = cache.get(key)
        if found is None:
            found = xform_export(collect_snapshot(snapshot, form=_ID_MARK, title=_TITLE_MARK))
            cache.set(key, found, 24 * 3600)
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[sha] = found = str(found)
    return found


def mission_xform(*, mission_pk: int, title: str, snapshot: dict[str, Any], sha: str) -> str:
    """The XForm text of one mission: its grid version's, with the mission's form id and
    title (escaped as pyxform writes a text node: &, <, >)."""
    template = _version_template(snapshot, sha)
    if template.count(_ID_MARK) != 1 or template.count(_TITLE_MARK) != 1:
        # Not where they are expected (another pyxform): build this mission's form whole.
        form = form_id(mission_pk)
        return str(xform_export(collect_snapshot(snapshot, form=form, title=title)))
    return template.replace(_ID_MARK, form_id(mission_pk)).replace(_TITLE_MARK, escape(title))


def md5_hash(text: str) -> str:
    """The form's hash as the OpenRosa form list gives it (`md5:` + hex digest)."""
    return "md5:" + hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

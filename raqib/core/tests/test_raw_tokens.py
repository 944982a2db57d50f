"""No raw token as visible text: every page and export, per role, in Arabic and French.

A raw token is a value meant for the program, not for people: the stored value of a choice
(`yes`, `too_fast`, `ar`), a code of the survey's item bank (`TIMELINESS`), a model field's
name where no verbose name was given (`window_start`), an audit action code
(`service_point.update`). The walk signs in as each role of `walk_urls.WALK_PERSONAS`, opens
every page and export of `walk_urls.walk_rows` in `ar` and `fr`, reduces HTML to the text
people read (no attributes, scripts, styles, `<code>` shown on purpose, or URLs), reads every
cell and sheet name of XLSX and CSV exports (and checks that Arabic sheets run right to left),
and fails on any known token found as a whole word.

Tokens that are also ordinary words or deliberate codes are listed in ALLOWED, each with why.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from raqib.core.tests.walk_urls import (
    LANGUAGES,
    WALK_PERSONAS,
    follow_export,
    walk_context,
    walk_rows,
)

NOT_RTL = "sheet_not_right_to_left"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Tokens that may show as text, and why. Everything else collected below must not.
ALLOWED = {
    # Format names are shown as such in every language (buttons "CSV", "XLSX", "PDF").
    "csv", "xlsx", "pdf", "xform", "zip", "svg", "png",
    # Ordinary French words that are also stored values or field names.
    "code", "date", "description", "note", "photo", "version", "type", "format", "message",
    "position", "audio", "article", "total", "question", "section", "public", "commentaire",
    "a5", "a4",  # paper sizes, printed as such
    # Short words too common to be told apart from text (both languages' pages show them
    # only as part of codes or abbreviations: "SMS", "GPS").
    "sms", "gps", "email", "web",
    "minutes", "postal",  # French words
    "mission", "anomalies", "file", "score", "mode", "notes",  # French words too
    "action",  # French word ("plan d'action" in the notification kinds)
    "budget",  # French word (the campaigns of coverage planning)
    "image", "images",  # French words (the kind of a lesson's file; a scene's photos field)
    "missions",  # French word (the missions count of the national day cube)
    # The XLSForm standard's sheet names, named on the import page for authors.
    "survey", "choices", "settings",
    # GeoJSON property names the boundary upload page asks for, typed as such by people.
    "iso_code",
}  # fmt: skip


# Tokens allowed on one page only, and why.
ALLOWED_ON = {
    # The registry export is the import's file format: its headers are the import's column
    # names and yes/no its values, so that an export imports back unchanged.
    "registry:service_point_export": {"*"},
    # The relevance help text quotes an XLSForm expression, ${Q01} = 'no'.
    "grids:authoring_row_edit": {"no"},
    # An audited grid choice is labelled by its code ("SAT-STD v1 in_person"): the standard
    # questionnaire's CHANNEL choices are named like the service points' channels, and its
    # free-text item is coded "comment" like the follow-up's kind of exchange.
    "audit:event_list": {"in_person", "phone", "web", "email", "postal", "channel", "comment"},
}


def _choice_values() -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str):
                    values.add(value)

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            values.update(v for v in sub.values if isinstance(v, str))
            walk(sub)

    walk(models.TextChoices)
    return values


def _bank_codes() -> set[str]:
    """Item bank driver codes, quarantine reasons, and the names of the grids' choices."""
    from raqib.grids.models import Choice
    from raqib.grids.validation import YES_NO_ANSWERS
    from raqib.surveys import abuse, bank

    codes = {suffix for suffix, _s, _i in bank.DRIVERS}
    codes |= {v for k, v in vars(abuse.Reason).items() if k.isupper()}
    codes |= set(Choice.objects.values_list("name", flat=True))
    codes |= {value for values in YES_NO_ANSWERS.values() for value in values}
    return codes


def _field_names() -> set[str]:
    """The names of Raqib's model fields: shown as such, they are English attnames (a page
    must show the verbose name, translated), e.g. `weight`, `window_start`."""
    names = set()
    for model in apps.get_models():
        if model.__module__.startswith("raqib."):
            names |= {f.name for f in model._meta.concrete_fields}
    return names


def _audit_actions() -> set[str]:
    from raqib.audit.models import AuditEvent

    return set(AuditEvent.objects.values_list("action", flat=True))


def known_tokens() -> set[str]:
    tokens = {NOT_RTL} | _choice_values() | _bank_codes() | _field_names() | _audit_actions()
    return {t for t in tokens if len(t) >= 2 and t.casefold() not in ALLOWED}


class _Visible(HTMLParser):
    """The text of a page as people read it."""

    SKIP = {"script", "style", "code", "template", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


URL = re.compile(r"(https?://\S+|/[\w\-./?=&%]+)")


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return URL.sub(" ", " ".join(parser.parts))


def _cells_xlsx(body: bytes, lang: str, where: str) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(body), read_only=False)
    texts = []
    for sheet in book.worksheets:
        texts.append(sheet.title)
        if lang == "ar" and not sheet.sheet_view.rightToLeft:
            texts.append(f"{NOT_RTL} {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            texts.extend(str(v) for v in row if v is not None)
    return texts


def _cells_csv(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig", errors="replace")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


# A hyphen joins a code ("body-12", "perm-observer-2"): such codes are data, not tokens.
WORD = re.compile(r"[^\W\d_][\w-]*\w|[^\W\d_]")
WORD_DOTTED = re.compile(r"[^\W\d_][\w.-]*\w")


def raw_tokens_in(texts: list[str], tokens: set[str]) -> set[str]:
    words = set()
    for raw in texts:
        text = URL.sub(" ", raw)
        # Whole words (accented letters included: "téléphone" holds no "phone"), with and
        # without their dots ("mission.create", "mission").
        words |= set(WORD_DOTTED.findall(text)) | set(WORD.findall(text))
    return words & tokens


def _context(texts: list[str], token: str) -> str:
    """The token with a few words around it, to find it on the page."""
    for text in texts:
        at = text.find(token)
        if at >= 0:
            around = " ".join(text[max(0, at - 40) : at + len(token) + 40].split())
            return f"{token} («{around}»)"
    return token


@pytest.fixture
def walk_world(personas):
    return walk_context(personas)


def read_response(response, lang: str, where: str) -> list[str] | None:
    """The texts of a response people read, or None for content that is not walked."""
    body = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0]
    if kind == "text/html":
        return [visible_text(body.decode("utf-8"))]
    if kind == XLSX:
        return _cells_xlsx(body, lang, where)
    if kind == "text/csv":
        return _cells_csv(body)
    return None  # PDF, images, ZIP, JSON for programs: not text on a page


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", WALK_PERSONAS)
def test_no_raw_token_as_visible_text(client, walk_world, persona, lang):
    client.force_login(walk_world["personas"][persona])
    tokens = known_tokens()
    assert {"yes", "too_fast", "TIMELINESS"} <= tokens  # the collection works
    findings: dict[str, list[str]] = {}
    walked = 0
    for row in walk_rows(persona):
        with translation.override(lang):
            url = reverse(row.url_name, kwargs=row.kwargs(walk_world) if row.kwargs else None)
        if row.query:
            url = f"{url}?{row.query}"
        response = follow_export(client, client.get(url))
        assert response.status_code == 200, (persona, url)
        texts = read_response(response, lang, url)
        if texts is None:
            continue
        walked += 1
        allowed = ALLOWED_ON.get(row.url_name, set())
        if "*" in allowed:
            continue
        if found := raw_tokens_in(texts, tokens) - allowed:
            findings[f"{row.id} {url}"] = [_context(texts, token) for token in sorted(found)]
    assert walked >= 3
    report = "\n".join(f"{where}: {', '.join(found)}" for where, found in findings.items())
    assert not findings, f"raw tokens as visible text ({persona}, {lang}):\n{report}"

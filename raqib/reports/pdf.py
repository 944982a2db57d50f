"""The printed activity report: frozen figures → HTML → PDF through WeasyPrint.

The PDF is built from the figures *as stored with the report* (``Dashboard.as_dict()``), never
from live queries, so a published report can be rebuilt byte-for-byte from its snapshot.

The Arabic font (Amiri, from the fontpkg-amiri pip package) is embedded through @font-face
with a file:// URL, as for the survey posters. Charts are SVG shapes only (raqib.reports.charts):
labels and figures stay in HTML, where WeasyPrint shapes Arabic correctly. Long lists are capped
(best and worst ``CAP`` service points); the XLSX carries them in full.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from raqib.core.bilingual import localized_field

from . import charts, maps

TEMPLATE = "reports/pdf/report.html"
CAP = 20  # rows kept at each end of a long ranking in the PDF
MIN_N = 3  # fewer reports than this: the figure is shown but flagged as fragile

# The page footer « صفحة X من Y » / « Page X sur Y »: a typographic convention of each
# edition (a CSS string around counters), fixed per language rather than a sentence to translate.
FOOTER = {"ar": ("صفحة", "من"), "fr": ("Page", "sur")}


def font_path(bold: bool = False) -> str:
    import fontpkg_amiri

    name = "Amiri-Bold.ttf" if bold else "Amiri-Regular.ttf"
    return str(fontpkg_amiri.ROOT / "files" / name)


# --- formatting: Western digits 0-9, dd/mm/yyyy ----------------------------------------------


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    text = f"{value:,.{digits}f}"
    # French and Tunisian usage: decimal comma, narrow no-break space between thousands.
    return text.replace(",", "\u202f").replace(".", ",")


def percent(value: float | None) -> str:
    return "—" if value is None else number(value) + "\u00a0%"


def date_text(value: dt.date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def _rate(raw: dict[str, Any]) -> float | None:
    active = raw.get("active") or 0
    return 100.0 * raw.get("covered", 0) / active if active else None


# --- titles ------------------------------------------------------------------------------------


def report_title(label: str, start: dt.date, end: dt.date) -> str:
    """ "Activity report — first semester 2026" and its siblings, in the active language."""
    year = start.year
    part = label.split("-", 1)[1] if "-" in label else ""
    if label == f"{year}":
        return _("Annual activity report %(year)s") % {"year": year}
    if part == "S1":
        return _("Activity report — first semester %(year)s") % {"year": year}
    if part == "S2":
        return _("Activity report — second semester %(year)s") % {"year": year}
    if part == "9M":
        return _("Activity report — first nine months of %(year)s") % {"year": year}
    if part.startswith("Q"):
        return _("Activity report — quarter %(quarter)s of %(year)s") % {
            "quarter": part[1],
            "year": year,
        }
    if part.isdigit():
        return _("Activity report — month %(month)s") % {"month": start.strftime("%m/%Y")}
    return _("Activity report — %(start)s to %(end)s") % {
        "start": date_text(start),
        "end": date_text(end),
    }


def document_meta(
    *, label: str, start: dt.date, end: dt.date, issued: dt.date, uuid: str = ""
) -> dict[str, Any]:
    """What a PDF or XLSX prints about itself (call inside the document's language)."""
    return {
        "title": report_title(label, start, end),
        "start": date_text(start),
        "end": date_text(end),
        "issued": date_text(issued),
        "uuid": uuid,
        "period_label": label,
        "scope": "",
    }


def file_name(report: Any) -> str:
    label = (
        report.period_label
        if report.period_label != "custom"
        else (f"{report.start:%Y%m%d}-{report.end:%Y%m%d}")
    )
    return f"raqib-activity-report-{label}-{report.language}.{report.format}"


# --- the context -------------------------------------------------------------------------------


def _name(raw: dict[str, Any], lang: str, stem: str = "name") -> str:
    return localized_field(raw, stem, lang)


def _rank_rows(rows: list[dict[str, Any]], lang: str, rtl: bool) -> list[dict[str, Any]]:
    out = []
    for position, raw in enumerate(rows, start=1):
        out.append(
            {
                "rank": position,
                "code": raw.get("code", ""),
                "name": _name(raw, lang),
                "mean": number(raw.get("mean")),
                "n": raw.get("n", 0),
                "fragile": (raw.get("n") or 0) < MIN_N,
                "critical": raw.get("critical", 0),
                "bar": charts.bar(raw.get("mean"), rtl=rtl),
            }
        )
    return out


def _capped(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The whole list when short, else the best and the worst CAP."""
    if len(rows) <= 2 * CAP:
        return rows, []
    return rows[:CAP], rows[-CAP:]


def _items(rows: list[dict[str, Any]], lang: str, rtl: bool) -> list[dict[str, Any]]:
    return [
        {
            "code": raw.get("code", ""),
            "section": raw.get("section", ""),
            "label": _name(raw, lang, "label"),
            "mean": number(raw.get("mean")),
            "n": raw.get("n", 0),
            "critical_failures": raw.get("critical_failures", 0),
            "bar": charts.bar(raw.get("mean"), rtl=rtl, low=50.0),
        }
        for raw in rows
    ]


def _governorates(figures: dict[str, Any], lang: str, rtl: bool) -> list[dict[str, Any]]:
    target = figures.get("target") or 0.0
    rows = []
    for raw in figures.get("governorates", []):
        rate = _rate(raw["coverage"])
        if rate is None:
            band = "none"
        elif rate >= target:
            band = "high"
        elif rate >= target / 2:
            band = "mid"
        else:
            band = "low"
        rows.append(
            {
                "iso": raw.get("iso_code", ""),
                "name": _name(raw, lang),
                "interior": raw.get("interior", False),
                "covered": raw["coverage"].get("covered", 0),
                "active": raw["coverage"].get("active", 0),
                "rate": percent(rate),
                "band": band,
                "score": number(raw.get("score")),
                "reports": raw.get("reports", 0),
                "bar": charts.bar(rate, rtl=rtl, target=target, low=target / 2),
            }
        )
    return rows


def _map(governorates: list[dict[str, Any]]) -> list[list[dict[str, Any] | None]]:
    """The dashboard's tile layout (maps.TILES) as rows of cells, west to east."""
    by_iso = {row["iso"]: row for row in governorates}
    width = max(col for col, _row in maps.TILES.values())
    height = max(row for _col, row in maps.TILES.values())
    grid: list[list[dict[str, Any] | None]] = [[None] * width for _ in range(height)]
    for iso, (col, row) in maps.TILES.items():
        if iso in by_iso:
            grid[row - 1][col - 1] = by_iso[iso]
    return grid


def _coverage(raw: dict[str, Any], target: float, rtl: bool) -> dict[str, Any]:
    rate = _rate(raw)
    return {
        "covered": raw.get("covered", 0),
        "active": raw.get("active", 0),
        "rate": percent(rate),
        "bar": charts.bar(rate, rtl=rtl, target=target, low=target / 2),
    }


def report_context(figures: dict[str, Any], *, lang: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Everything the template prints, already formatted (call inside translation.override)."""
    rtl = lang == "ar"
    target = float(figures.get("target") or 0.0)
    planned = figures.get("planned", 0)
    governorates = _governorates(figures, lang, rtl)
    points = _rank_rows(figures.get("points", []), lang, rtl)
    points_best, points_worst = _capped(points)
    bodies = _rank_rows(figures.get("bodies", []), lang, rtl)
    trend_rows = figures.get("trend", [])
    months = [
        {
            "month": dt.date.fromisoformat(row["month"]).strftime("%m/%Y"),
            "planned": row.get("planned", 0),
            "validated": row.get("validated", 0),
            "mean": number(row.get("mean")),
        }
        for row in trend_rows
    ]
    surveys = []
    for raw in figures.get("surveys", []):
        index = raw.get("index") or {}
        satisfied = raw.get("satisfied") or {}
        surveys.append(
            {
                "code": raw.get("code", ""),
                "title": _name(raw, lang, "title"),
                "dates": f"{date_text(raw.get('starts_on'))} – {date_text(raw.get('ends_on'))}",
                "responses": raw.get("responses", 0),
                "index": number(index.get("value")),
                "interval": (
                    f"[{number(index.get('low'))} ; {number(index.get('high'))}]"
                    if index.get("low") is not None
                    else "—"
                ),
                "n": index.get("n", 0),
                "satisfied": percent(satisfied.get("value")),
                "mystery": number(raw.get("mystery_mean")),
                "chart": charts.interval(
                    index.get("value"), index.get("low"), index.get("high"), rtl=rtl
                ),
            }
        )
    critical = [
        {
            "mission": raw.get("mission_code", ""),
            "day": date_text(raw.get("day")),
            "point": f"{raw.get('point_code', '')} — {_name(raw, lang, 'point_name')}",
            "body": _name(raw, lang, "body_name"),
            "criteria": [
                f"{code} — {(label_ar if rtl else label_fr) or label_fr or label_ar}"
                for code, label_ar, label_fr in raw.get("criteria", [])
            ],
        }
        for raw in figures.get("critical", [])
    ]
    return {
        **meta,
        "lang": lang,
        "rtl": rtl,
        "font_url": "file://" + font_path(),
        "font_bold_url": "file://" + font_path(bold=True),
        "target": percent(target),
        "summary": {
            "planned": planned,
            "done": figures.get("done", 0),
            "validated": figures.get("validated", 0),
            "done_rate": percent(100.0 * figures.get("done", 0) / planned if planned else None),
            "validated_rate": percent(
                100.0 * figures.get("validated", 0) / planned if planned else None
            ),
            "mean_score": number(figures.get("mean_score")),
            "critical_reports": figures.get("critical_reports", 0),
        },
        "coverage": _coverage(figures.get("coverage", {}), target, rtl),
        "coverage_interior": _coverage(figures.get("coverage_interior", {}), target, rtl),
        "coverage_rest": _coverage(figures.get("coverage_rest", {}), target, rtl),
        "governorates": governorates,
        "map": _map(governorates),
        "sections": _items(figures.get("sections", []), lang, rtl),
        "criteria": _items(figures.get("criteria", []), lang, rtl),
        "strengths": _items(figures.get("strengths", [])[:10], lang, rtl),
        "weaknesses": _items(figures.get("weaknesses", [])[:10], lang, rtl),
        "bodies": bodies,
        "points_best": points_best,
        "points_worst": points_worst,
        "points_total": len(points),
        "cap": CAP,
        "min_n": MIN_N,
        "critical": critical,
        "trend_svg": charts.trend(
            [row.get("validated", 0) for row in trend_rows],
            [row.get("mean") for row in trend_rows],
            rtl=rtl,
        ),
        "months": months,
        "surveys": surveys,
        "grid_versions": [_grid_version(raw) for raw in figures.get("grid_versions", [])],
        "filter_rows": _filter_rows(figures.get("filters", {})),
        "page_word": FOOTER[lang][0],
        "of_word": FOOTER[lang][1],
        "running_title": _css_string(str(meta.get("title", ""))),
    }


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the template's <style> (printed unescaped)."""
    return "".join(ch for ch in text if ch not in '"\\<>\n\r')


def _grid_version(raw: dict[str, Any]) -> dict[str, Any]:
    """Grid versions as the selectors describe them, printed whatever their exact keys."""

    def first(*keys: str) -> Any:
        for key in keys:
            if raw.get(key) not in (None, ""):
                return raw[key]
        return ""

    return {
        "name": first("grid_code", "code", "grid", "name", "name_fr"),
        "version": first("version", "number", "version_number"),
        "reports": first("reports", "n", "count"),
        "hash": first("hash", "sha256", "content_hash", "snapshot_hash", "fingerprint"),
    }


def _filter_rows(filters: dict[str, Any]) -> list[tuple[str, str]]:
    labels = {
        "governorate_id": _("Governorate (id)"),
        "region_tag": _("Region tag"),
        "body_id": _("Public body (id)"),
        "category_id": _("Service category (id)"),
        "channel": _("Channel"),
    }
    return [(str(label), str(filters[key])) for key, label in labels.items() if filters.get(key)]


def render_html(figures: dict[str, Any], *, lang: str, meta: dict[str, Any]) -> str:
    with translation.override(lang):
        context = report_context(figures, lang=lang, meta=meta)
        return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url="file:///").write_pdf())


def render_pdf(figures: dict[str, Any], *, lang: str, meta: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(figures, lang=lang, meta=meta))

"""The printed activity report: frozen figures → HTML → PDF through WeasyPrint.

The PDF is built from the figures *as stored with the report* (the ``Dashboard`` read back from
its ``as_dict()`` snapshot), never from live queries, so a published report can be rebuilt
byte-for-byte from its snapshot. Numbers and dates are printed by raqib.reports.formatting.

The Arabic font (Amiri, from the fontpkg-amiri pip package) is embedded through @font-face
with a file:// URL, as for the survey posters. Charts are SVG shapes only (raqib.reports.charts):
labels and figures stay in HTML, where WeasyPrint shapes Arabic correctly. Long lists are capped
(best and worst ``CAP`` service points); the XLSX carries them in full.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .. import charts, maps
from ..figures import Dashboard, Filters, ItemScore, RankRow, Rate
from ..formatting import date_text, local_name, local_text, number, percent
from . import sections as activity
from . import summary

TEMPLATE = "reports/pdf/report.html"
CAP = 20  # rows kept at each end of a long ranking in the PDF

# The page footer « صفحة X من Y » / « Page X sur Y »: a typographic convention of each
# edition (a CSS string around counters), fixed per language rather than a sentence to translate.
FOOTER = {"ar": ("صفحة", "من"), "fr": ("Page", "sur")}


def font_path(bold: bool = False) -> str:
    import fontpkg_amiri

    name = "Amiri-Bold.ttf" if bold else "Amiri-Regular.ttf"
    return str(fontpkg_amiri.ROOT / "files" / name)


# --- the context -------------------------------------------------------------------------------


def _rank_rows(rows: list[RankRow], lang: str, rtl: bool) -> list[dict[str, Any]]:
    return [
        {
            "rank": position,
            "code": row.code,
            "name": local_name(row, lang),
            "mean": number(row.mean),
            "n": row.n,
            "critical": row.critical,
            "bar": charts.bar(row.mean, rtl=rtl),
        }
        for position, row in enumerate(rows, start=1)
    ]


def _capped(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The whole list when short, else the best and the worst CAP."""
    if len(rows) <= 2 * CAP:
        return rows, []
    return rows[:CAP], rows[-CAP:]


def _items(rows: list[ItemScore], lang: str, rtl: bool) -> list[dict[str, Any]]:
    return [
        {
            "code": row.code,
            "section": row.section,
            "label": local_name(row, lang, "label"),
            "mean": number(row.mean),
            "n": row.n,
            "critical_failures": row.critical_failures,
            "bar": charts.bar(row.mean, rtl=rtl, low=50.0),
        }
        for row in rows
    ]


def _governorates(board: Dashboard, lang: str, rtl: bool) -> list[dict[str, Any]]:
    target = board.target or 0.0
    return [
        {
            "iso": row.iso_code,
            "name": local_name(row, lang),
            "interior": row.interior,
            "covered": row.coverage.covered,
            "active": row.coverage.active,
            "rate": percent(row.coverage.rate),
            "cls": maps.class_of(row.coverage.rate, "coverage"),
            "score": number(row.score),
            "reports": row.reports,
            "bar": charts.bar(row.coverage.rate, rtl=rtl, target=target, low=target / 2),
        }
        for row in board.governorates
    ]


def tile_grid(governorates: list[dict[str, Any]]) -> list[list[dict[str, Any] | None]]:
    """The dashboard's tile layout (maps.TILES) as rows of cells, west to east."""
    by_iso = {row["iso"]: row for row in governorates}
    width = max(col for col, _row in maps.TILES.values())
    height = max(row for _col, row in maps.TILES.values())
    grid: list[list[dict[str, Any] | None]] = [[None] * width for _ in range(height)]
    for iso, (col, row) in maps.TILES.items():
        if iso in by_iso:
            grid[row - 1][col - 1] = by_iso[iso]
    return grid


def _coverage(rate: Rate, target: float, rtl: bool) -> dict[str, Any]:
    return {
        "covered": rate.covered,
        "active": rate.active,
        "rate": percent(rate.rate),
        "bar": charts.bar(rate.rate, rtl=rtl, target=target, low=target / 2),
    }


def _surveys(board: Dashboard, lang: str, rtl: bool) -> list[dict[str, Any]]:
    return [
        {
            "code": row.code,
            "title": local_name(row, lang, "title"),
            "dates": f"{date_text(row.starts_on)} – {date_text(row.ends_on)}",
            "responses": row.responses,
            "index": number(row.index.value),
            "interval": (
                f"[{number(row.index.low)} ; {number(row.index.high)}]"
                if row.index.low is not None
                else "—"
            ),
            "n": row.index.n,
            "satisfied": percent(row.satisfied.value),
            "mystery": number(row.mystery_mean),
            "chart": charts.interval(row.index.value, row.index.low, row.index.high, rtl=rtl),
        }
        for row in board.surveys
    ]


def _critical(board: Dashboard, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "mission": row.mission_code,
            "day": date_text(row.day),
            "point": f"{row.point_code} — {local_name(row, lang, 'point_name')}",
            "body": local_name(row, lang, "body_name"),
            "criteria": [f"{code} — {local_text(ar, fr, lang)}" for code, ar, fr in row.criteria],
        }
        for row in board.critical
    ]


def report_context(
    board: Dashboard,
    *,
    lang: str,
    meta: dict[str, Any],
    extras: summary.Extras | None = None,
) -> dict[str, Any]:
    """Everything the template prints, already formatted (call inside translation.override)."""
    extras = extras or summary.Extras()
    rtl = lang == "ar"
    target = float(board.target or 0.0)
    planned = board.planned
    governorates = _governorates(board, lang, rtl)
    ranked_points, points_excluded = summary.ranked(board.points, extras.ranking_min)
    ranked_bodies, bodies_excluded = summary.ranked(board.bodies, extras.ranking_min)
    points = _rank_rows(ranked_points, lang, rtl)
    points_best, points_worst = _capped(points)
    key_figures = summary.KeyFigures.from_board(board)
    months = [
        {
            "month": row.month.strftime("%m/%Y"),
            "planned": row.planned,
            "validated": row.validated,
            "mean": number(row.mean),
        }
        for row in board.trend
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
            "done": board.done,
            "validated": board.validated,
            "done_rate": percent(100.0 * board.done / planned if planned else None),
            "validated_rate": percent(100.0 * board.validated / planned if planned else None),
            "mean_score": number(board.mean_score),
            "critical_reports": board.critical_reports,
        },
        "coverage": _coverage(board.coverage, target, rtl),
        "coverage_interior": _coverage(board.coverage_interior, target, rtl),
        "coverage_rest": _coverage(board.coverage_rest, target, rtl),
        "governorates": governorates,
        "map": tile_grid(governorates),
        "map_legend": maps.legend("coverage"),
        "executive_summary": summary.executive_summary(
            key_figures,
            extras.previous,
            target=target,
            start=board.filters.start,
            end=board.filters.end,
        ),
        "comparison": summary.comparison(key_figures, extras.previous),
        "previous": extras.previous,
        "previous_span": (
            f"{date_text(extras.previous.start)} – {date_text(extras.previous.end)}"
            if extras.previous
            else ""
        ),
        "ranking_min": extras.ranking_min,
        "points_excluded": points_excluded,
        "bodies_excluded": bodies_excluded,
        "sections": _items(board.sections, lang, rtl),
        "criteria": _items(board.criteria, lang, rtl),
        "strengths": _items(board.strengths[:10], lang, rtl),
        "weaknesses": _items(board.weaknesses[:10], lang, rtl),
        "bodies": _rank_rows(ranked_bodies, lang, rtl),
        "points_best": points_best,
        "points_worst": points_worst,
        "points_total": len(points),
        "cap": CAP,
        "critical": _critical(board, lang),
        "trend_svg": charts.trend(
            [row.validated for row in board.trend], [row.mean for row in board.trend], rtl=rtl
        ),
        "months": months,
        "surveys": _surveys(board, lang, rtl),
        # after chapter 8 (surveys), before the annexes
        "activity_chapters": activity.pdf_chapters(extras.sections, first=9),
        "grid_versions": [
            {"name": gv.code, "version": gv.version, "reports": gv.reports, "hash": gv.content_hash}
            for gv in board.grid_versions
        ],
        "filter_rows": _filter_rows(board.filters),
        "page_word": FOOTER[lang][0],
        "of_word": FOOTER[lang][1],
        "running_title": _css_string(str(meta.get("title", ""))),
    }


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the template's <style> (printed unescaped)."""
    return "".join(ch for ch in text if ch not in '"\\<>\n\r')


def _filter_rows(filters: Filters) -> list[tuple[str, str]]:
    labels = {
        "governorate_id": _("Governorate (id)"),
        "region_tag": _("Region tag"),
        "body_id": _("Public body (id)"),
        "category_id": _("Service category (id)"),
        "channel": _("Channel"),
    }
    values = filters.as_dict()
    return [(str(label), str(values[key])) for key, label in labels.items() if values.get(key)]


def render_html(
    board: Dashboard, *, lang: str, meta: dict[str, Any], extras: summary.Extras | None = None
) -> str:
    with translation.override(lang):
        context = report_context(board, lang=lang, meta=meta, extras=extras)
        return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url="file:///").write_pdf())


def render_pdf(
    board: Dashboard, *, lang: str, meta: dict[str, Any], extras: summary.Extras | None = None
) -> bytes:
    return html_to_pdf(render_html(board, lang=lang, meta=meta, extras=extras))

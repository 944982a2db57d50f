"""SVG charts for the printed activity report: shapes only, never text.

WeasyPrint draws Arabic inside SVG ``<text>`` unshaped and in the wrong order, so every label
and every figure stays in the HTML around these drawings (table cells beside the bars, a table
of months under the trend). Charts only carry numbers, so the strings are built here directly;
nothing user-typed ever enters them.

In right-to-left documents the drawings are mirrored (bars grow from the right, the first
month is on the right) so that they read in the same direction as the HTML beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

BAR = "#1f5f8b"
BAR_LOW = "#b5462f"
TARGET = "#222"
TRACK = "#e6ecf0"
LINE = "#b5462f"


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar(
    value: float | None,
    *,
    maximum: float = 100.0,
    rtl: bool = False,
    target: float | None = None,
    low: float | None = None,
) -> str:
    """One horizontal bar (0–100 % of its cell), optionally with a target mark.

    ``low``: values under it are drawn in the warning colour (e.g. weaknesses, coverage under
    target).
    """
    width = 0.0 if value is None or maximum <= 0 else max(0.0, min(100.0, 100.0 * value / maximum))
    x = 100.0 - width if rtl else 0.0
    colour = BAR_LOW if value is not None and low is not None and value < low else BAR
    parts = [
        (
            '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            'xmlns="http://www.w3.org/2000/svg" aria-hidden="true">'
        ),
        f'<rect x="0" y="1" width="100" height="8" fill="{TRACK}"/>',
        f'<rect x="{_f(x)}" y="1" width="{_f(width)}" height="8" fill="{colour}"/>',
    ]
    if target is not None and maximum > 0:
        t = max(0.0, min(100.0, 100.0 * target / maximum))
        tx = 100.0 - t if rtl else t
        parts.append(
            f'<rect x="{_f(max(0.0, tx - 0.4))}" y="0" width="0.8" height="10" fill="{TARGET}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def trend(
    counts: Sequence[int],
    means: Sequence[float | None],
    *,
    rtl: bool = False,
    width: float = 600.0,
    height: float = 160.0,
) -> str:
    """Monthly trend: validated reports as columns, the mean score (0–100) as a line.

    Columns are scaled on the largest count, the line on 0–100; the figures themselves are in
    the table printed under the chart, one column per month in the same order.
    """
    n = len(counts)
    if n == 0:
        return ""
    slot = width / n
    top = max(counts) or 1
    pad = 4.0
    usable = height - 2 * pad

    def cx(i: int) -> float:
        centre = slot * i + slot / 2
        return width - centre if rtl else centre

    parts = [
        (
            f'<svg class="trend" viewBox="0 0 {_f(width)} {_f(height)}" '
            'xmlns="http://www.w3.org/2000/svg" aria-hidden="true">'
        ),
    ]
    for level in (0.25, 0.5, 0.75, 1.0):
        y = pad + usable * (1 - level)
        parts.append(
            f'<line x1="0" x2="{_f(width)}" y1="{_f(y)}" y2="{_f(y)}" '
            f'stroke="{TRACK}" stroke-width="1"/>'
        )
    column = slot * 0.55
    for i, count in enumerate(counts):
        h = usable * count / top
        parts.append(
            f'<rect x="{_f(cx(i) - column / 2)}" y="{_f(height - pad - h)}" '
            f'width="{_f(column)}" height="{_f(h)}" fill="{BAR}"/>'
        )
    points = [(cx(i), pad + usable * (1 - m / 100.0)) for i, m in enumerate(means) if m is not None]
    if len(points) > 1:
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    for x, y in points:
        parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5" fill="{LINE}"/>')
    parts.append(
        f'<line x1="0" x2="{_f(width)}" y1="{_f(height - pad)}" y2="{_f(height - pad)}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def interval(
    value: float | None, low: float | None, high: float | None, *, rtl: bool = False
) -> str:
    """A survey index on 0–100 with its 95 % interval (a whisker) — shapes only."""
    if value is None:
        return ""

    def x(v: float) -> float:
        v = max(0.0, min(100.0, v))
        return 100.0 - v if rtl else v

    parts = [
        (
            '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            'xmlns="http://www.w3.org/2000/svg" aria-hidden="true">'
        ),
        f'<rect x="0" y="1" width="100" height="8" fill="{TRACK}"/>',
    ]
    if low is not None and high is not None:
        a, b = sorted((x(low), x(high)))
        parts.append(
            f'<rect x="{_f(a)}" y="4" width="{_f(max(b - a, 0.4))}" height="2" fill="#555"/>'
        )
    parts.append(
        f'<rect x="{_f(max(0.0, x(value) - 0.8))}" y="0" width="1.6" height="10" fill="{BAR}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)

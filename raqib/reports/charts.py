"""SVG charts for the printed activity report (shapes only, never text), and the trend
geometry the dashboard page draws too (:func:`trend_geometry`: same scales, same colours).

WeasyPrint draws Arabic inside SVG ``<text>`` unshaped and in the wrong order, so every label
and every figure stays in the HTML around these drawings (table cells beside the bars, a table
of months under the trend). Charts only carry numbers, so the strings are built here directly;
nothing user-typed ever enters them.

In right-to-left documents the drawings are mirrored (bars grow from the right, the first
month is on the right) so that they read in the same direction as the HTML beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend chart, in the chart's own units."""

    x: float  # centre of the month's slot
    bar_x: float  # left edge of the column of validated reports
    bar_y: float  # top of the column
    bar_h: float
    y: float | None  # the mean score on the line; None for a month without a report


@dataclass(frozen=True)
class TrendGeometry:
    """The monthly trend chart, one geometry for the dashboard page and the PDF."""

    width: float
    height: float
    pad: float  # empty band above and under the plot
    bar_width: float
    points: tuple[TrendPoint, ...]
    bar_colour: str = BAR
    line_colour: str = LINE

    @property
    def line(self) -> str:
        """The mean-score polyline's points ("x,y x,y …"), months without a mean skipped."""
        return " ".join(f"{_f(p.x)},{_f(p.y)}" for p in self.points if p.y is not None)

    def level(self, share: float) -> float:
        """The y of a horizontal guide at ``share`` (0–1) of the scale."""
        return self.pad + (self.height - 2 * self.pad) * (1 - share)


def trend_geometry(
    counts: Sequence[int],
    means: Sequence[float | None],
    *,
    width: float,
    height: float,
    pad: float,
    rtl: bool = False,
) -> TrendGeometry:
    """Columns: validated reports per month, scaled on the busiest month; line: the mean
    score on 0–100. Months are equal slots, first month first (on the right when ``rtl``);
    a column is 55 % of its slot."""
    n = len(counts)
    slot = width / n if n else 0.0
    top = max(counts, default=0) or 1
    usable = height - 2 * pad
    column = slot * 0.55
    points = []
    for i, count in enumerate(counts):
        centre = slot * i + slot / 2
        x = width - centre if rtl else centre
        h = usable * count / top
        mean = means[i] if i < len(means) else None
        points.append(
            TrendPoint(
                x=x,
                bar_x=x - column / 2,
                bar_y=height - pad - h,
                bar_h=h,
                y=None if mean is None else pad + usable * (1 - mean / 100.0),
            )
        )
    return TrendGeometry(
        width=width, height=height, pad=pad, bar_width=column, points=tuple(points)
    )


def trend(
    counts: Sequence[int],
    means: Sequence[float | None],
    *,
    rtl: bool = False,
    width: float = 600.0,
    height: float = 160.0,
) -> str:
    """Monthly trend for the PDF (see trend_geometry), drawn as SVG.

    The figures themselves are in the table printed under the chart, one column per month in
    the same order.
    """
    if not counts:
        return ""
    g = trend_geometry(counts, means, width=width, height=height, pad=4.0, rtl=rtl)
    parts = [
        (
            f'<svg class="trend" viewBox="0 0 {_f(width)} {_f(height)}" '
            'xmlns="http://www.w3.org/2000/svg" aria-hidden="true">'
        ),
    ]
    for level in (0.25, 0.5, 0.75, 1.0):
        y = g.level(level)
        parts.append(
            f'<line x1="0" x2="{_f(width)}" y1="{_f(y)}" y2="{_f(y)}" '
            f'stroke="{TRACK}" stroke-width="1"/>'
        )
    for p in g.points:
        parts.append(
            f'<rect x="{_f(p.bar_x)}" y="{_f(p.bar_y)}" '
            f'width="{_f(g.bar_width)}" height="{_f(p.bar_h)}" fill="{g.bar_colour}"/>'
        )
    dots = [p for p in g.points if p.y is not None]
    if len(dots) > 1:
        parts.append(
            f'<polyline points="{g.line}" fill="none" stroke="{g.line_colour}" stroke-width="2.5"/>'
        )
    for p in dots:
        parts.append(f'<circle cx="{_f(p.x)}" cy="{_f(p.y or 0)}" r="3.5" fill="{g.line_colour}"/>')
    parts.append(
        f'<line x1="0" x2="{_f(width)}" y1="{_f(height - g.pad)}" y2="{_f(height - g.pad)}" '
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

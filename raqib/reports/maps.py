"""The governorate map: a tile grid drawn by Raqib, or uploaded boundaries drawn as SVG paths.

Two pieces:

* the tile grid: each of the 24 governorates is a tile placed like its geography (north up,
  east on the right — a map is never mirrored in right-to-left pages), coloured by coverage or
  score in a few classes whose text keeps AA contrast, the figure written on the tile;
* boundary files (GeoJSON keyed by ISO 3166-2 code) an administrator uploads: validated,
  simplified and stored by ``services.map_boundary_upload``; drawn with an equirectangular
  projection of their bounding box. SVG carries shapes and digits only: names stay in HTML
  (WeasyPrint would draw Arabic ``<text>`` reversed).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from raqib.core.bilingual import localized

from .figures import GovernorateRow

# (column, row) of each governorate on a 5 × 8 grid, west → east, north → south.
TILES: dict[str, tuple[int, int]] = {
    "TN-23": (3, 1),  # Bizerte
    "TN-12": (4, 1),  # Ariana
    "TN-32": (1, 2),  # Jendouba
    "TN-31": (2, 2),  # Béja
    "TN-14": (3, 2),  # Manouba
    "TN-11": (4, 2),  # Tunis
    "TN-33": (1, 3),  # Le Kef
    "TN-34": (2, 3),  # Siliana
    "TN-22": (3, 3),  # Zaghouan
    "TN-13": (4, 3),  # Ben Arous
    "TN-21": (5, 3),  # Nabeul
    "TN-42": (1, 4),  # Kasserine
    "TN-41": (2, 4),  # Kairouan
    "TN-51": (3, 4),  # Sousse
    "TN-52": (4, 4),  # Monastir
    "TN-71": (1, 5),  # Gafsa
    "TN-43": (2, 5),  # Sidi Bouzid
    "TN-61": (3, 5),  # Sfax
    "TN-53": (4, 5),  # Mahdia
    "TN-72": (1, 6),  # Tozeur
    "TN-73": (2, 6),  # Kébili
    "TN-81": (3, 6),  # Gabès
    "TN-82": (3, 7),  # Médenine
    "TN-83": (3, 8),  # Tataouine
}
ISO_CODES = frozenset(TILES)
MODES = ("coverage", "score")

# Upper bounds of the colour classes (the last class has no bound). Coverage classes end at
# the default 80 % target so that "target reached" is its own class.
BOUNDS = {"coverage": (20.0, 40.0, 60.0, 80.0), "score": (50.0, 60.0, 70.0, 80.0)}
# Light to dark blues; the first three carry dark text, the last two white text (all ≥ 4.5:1,
# see dashboard.css). Kept here too for the legend's swatches and for the PDF builder.
COLOURS = ("#eef4fa", "#cfe0f0", "#9fc3e3", "#2f6aa3", "#173f66")
INKS = ("#1b1f24", "#1b1f24", "#1b1f24", "#ffffff", "#ffffff")
NODATA_COLOUR, NODATA_INK = "#f3f5f7", "#1b1f24"

ISO_PROPERTIES = ("iso_code", "ISO", "shapeISO", "iso_3166_2")
DECIMALS = 4
TOLERANCE = 0.002  # degrees (≈ 200 m): Douglas–Peucker simplification


@dataclass(frozen=True)
class Tile:
    iso_code: str
    column: int
    row: int
    name: str
    value: float | None  # the mapped figure: coverage or score
    coverage: float | None
    score: float | None
    css_class: str  # "q0"…"q4" or "nodata"
    colour: str  # fill of that class (SVG presentation attribute: no CSS needed)
    ink: str  # text colour on it (contrast ≥ 4.5:1)
    reports: int
    covered: int
    active: int


@dataclass(frozen=True)
class LegendItem:
    css_class: str
    low: str  # "" for the first class, e.g. "20 %" (coverage) or "50" (score)
    high: str  # "" for the last class
    colour: str


def value_of(row: GovernorateRow, mode: str) -> float | None:
    return row.score if mode == "score" else row.coverage.rate


def class_of(value: float | None, mode: str) -> str:
    if value is None:
        return "nodata"
    for index, bound in enumerate(BOUNDS[mode]):
        if value < bound:
            return f"q{index}"
    return f"q{len(BOUNDS[mode])}"


def legend(mode: str) -> list[LegendItem]:
    unit = "\u00a0%" if mode == "coverage" else ""
    bounds = [f"{bound:.0f}{unit}" for bound in BOUNDS[mode]]
    lows, highs = ["", *bounds], [*bounds, ""]
    return [
        LegendItem(f"q{i}", low, high, COLOURS[i])
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    ]


def tiles(rows: Iterable[GovernorateRow], mode: str) -> list[Tile]:
    """One tile per governorate in ``rows`` (the Dashboard's 24), in reading order."""
    out = []
    for row in rows:
        column, line = TILES.get(row.iso_code, (0, 0))
        value = value_of(row, mode)
        css_class = class_of(value, mode)
        index = None if css_class == "nodata" else int(css_class[1:])
        out.append(
            Tile(
                iso_code=row.iso_code,
                column=column,
                row=line,
                name=localized(row.name_ar, row.name_fr),
                value=value,
                coverage=row.coverage.rate,
                score=row.score,
                css_class=css_class,
                colour=NODATA_COLOUR if index is None else COLOURS[index],
                ink=NODATA_INK if index is None else INKS[index],
                reports=row.reports,
                covered=row.coverage.covered,
                active=row.coverage.active,
            )
        )
    return sorted(out, key=lambda t: (t.row, t.column))


def map_context(rows: Iterable[GovernorateRow], mode: str = "coverage") -> dict[str, Any]:
    """Everything reports/_map.html needs (the dashboard and the printed report use it):
    the tiles, the legend and, when an administrator's boundary file is in use, its areas.
    Include reports/map.css with it. The caller may add map_links and map_table_shown."""
    from .models import MapBoundary

    mode = mode if mode in MODES else "coverage"
    tiles_ = tiles(rows, mode)
    context: dict[str, Any] = {
        "map_mode": mode,
        "map_tiles": tiles_,
        "map_legend": legend(mode),
        "map_areas": None,
    }
    boundary = MapBoundary.objects.filter(is_active=True).only("shapes", "bbox").first()
    if boundary is not None:
        areas, width, height = project(boundary.shapes, boundary.bbox, tiles_)
        context.update(map_areas=areas, map_width=width, map_height=height)
    return context


# --- Boundary files ------------------------------------------------------------------------------

Ring = list[list[float]]
Polygon = list[Ring]


def _fail(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_boundaries")


def _iso_of(properties: Any) -> str | None:
    if not isinstance(properties, dict):
        return None
    for key in ISO_PROPERTIES:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    return None


def _ring(raw: Any, iso: str) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise _fail(_("%(iso)s: every ring needs at least four positions.") % {"iso": iso})
    ring: Ring = []
    for position in raw:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        ):
            raise _fail(_("%(iso)s: a position is not a pair of numbers.") % {"iso": iso})
        lon, lat = float(position[0]), float(position[1])
        if not (math.isfinite(lon) and math.isfinite(lat)) or not (
            -180 <= lon <= 180 and -90 <= lat <= 90
        ):
            raise _fail(
                _(
                    "%(iso)s: the position %(lon)s, %(lat)s is not a longitude and latitude in "
                    "degrees."
                )
                % {"iso": iso, "lon": position[0], "lat": position[1]}
            )
        ring.append([lon, lat])
    return ring


def _polygons(geometry: Any, iso: str) -> list[Polygon]:
    if not isinstance(geometry, dict):
        raise _fail(_("%(iso)s: the feature has no geometry.") % {"iso": iso})
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    raw_polygons: list[Any] = []
    if kind == "Polygon":
        raw_polygons = [coordinates]
    elif kind == "MultiPolygon":
        raw_polygons = coordinates if isinstance(coordinates, list) else []
    else:
        raise _fail(
            _("%(iso)s: the geometry is a %(kind)s; only Polygon and MultiPolygon are accepted.")
            % {"iso": iso, "kind": str(kind)[:40]}
        )
    if not raw_polygons or not all(isinstance(p, list) and p for p in raw_polygons):
        raise _fail(_("%(iso)s: the geometry has no coordinates.") % {"iso": iso})
    return [[_ring(ring, iso) for ring in polygon] for polygon in raw_polygons]


def _perpendicular(point: list[float], start: list[float], end: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def douglas_peucker(points: Sequence[list[float]], tolerance: float) -> list[list[float]]:
    """Iterative Douglas–Peucker (no recursion limit on long coastlines)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _perpendicular(points[i], points[first], points[last])
            if distance > best:
                best, index = distance, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """Round to DECIMALS, drop consecutive duplicates, Douglas–Peucker; the ring stays closed.

    A ring that would fall under four positions keeps its rounded form instead (small islands
    must not vanish from the map).
    """
    rounded: Ring = []
    for lon, lat in ring:
        position = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not rounded or rounded[-1] != position:
            rounded.append(position)
    if rounded[0] != rounded[-1]:
        rounded.append(list(rounded[0]))
    simplified = douglas_peucker(rounded, tolerance)
    return simplified if len(simplified) >= 4 else rounded


def parse_boundaries(
    data: bytes, *, max_bytes: int, known_codes: Iterable[str] = ISO_CODES
) -> tuple[dict[str, list[Polygon]], list[float]]:
    """Validated, simplified shapes per ISO code and their bbox, or ValidationError.

    The file must be a GeoJSON FeatureCollection whose features carry the governorate's
    ISO 3166-2 code in one of ISO_PROPERTIES, with Polygon or MultiPolygon geometries, and
    cover every known code exactly once.
    """
    if len(data) > max_bytes:
        raise _fail(
            _("The file is too large: %(size)s bytes, at most %(max)s.")
            % {"size": len(data), "max": max_bytes}
        )
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(
            _("The file is not valid JSON (%(error)s).") % {"error": str(exc)[:120]}
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise _fail(_("The file is not a GeoJSON FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise _fail(_("The FeatureCollection has no features."))
    known = set(known_codes)
    shapes: dict[str, list[Polygon]] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise _fail(_("Feature %(n)s is not a GeoJSON feature.") % {"n": number})
        iso = _iso_of(feature.get("properties"))
        if iso is None:
            raise _fail(
                _("Feature %(n)s has no ISO 3166-2 code (property %(names)s).")
                % {"n": number, "names": ", ".join(ISO_PROPERTIES)}
            )
        if iso not in known:
            raise _fail(
                _("Feature %(n)s has the unknown code %(iso)s.") % {"n": number, "iso": iso[:20]}
            )
        if iso in shapes:
            raise _fail(_("The code %(iso)s appears twice.") % {"iso": iso})
        polygons = _polygons(feature.get("geometry"), iso)
        shapes[iso] = [[simplify_ring(ring) for ring in polygon] for polygon in polygons]
    missing = sorted(known - set(shapes))
    if missing:
        raise _fail(
            _("The file does not cover every governorate: missing %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    lons = [p[0] for polys in shapes.values() for poly in polys for ring in poly for p in ring]
    lats = [p[1] for polys in shapes.values() for poly in polys for ring in poly for p in ring]
    return shapes, [min(lons), min(lats), max(lons), max(lats)]


# --- Drawing boundaries --------------------------------------------------------------------------

SVG_WIDTH = 400.0


@dataclass(frozen=True)
class Area:
    number: int  # printed on the map (digits only) and in the key beside it
    tile: Tile
    path: str  # SVG path data
    x: float  # label anchor (bbox centre of the largest polygon), SVG units
    y: float


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def project(
    shapes: dict[str, list[Polygon]], bbox: Sequence[float], tiles_: Sequence[Tile]
) -> tuple[list[Area], float, float]:
    """Equirectangular projection of the bbox into a SVG_WIDTH-wide viewBox.

    Returns the areas (in tile order, numbered from 1) and the viewBox width and height.
    """
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = SVG_WIDTH / span_x
    height = span_y * scale

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - min_lon) * k * scale, (max_lat - lat) * scale

    areas = []
    for number, tile in enumerate(tiles_, start=1):
        polygons = shapes.get(tile.iso_code) or []
        parts, best, anchor = [], -1.0, (0.0, 0.0)
        for polygon in polygons:
            for index, ring in enumerate(polygon):
                points = [xy(lon, lat) for lon, lat in ring]
                parts.append("M" + "L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in points) + "Z")
                if index == 0 and points:
                    xs, ys = [p[0] for p in points], [p[1] for p in points]
                    size = (max(xs) - min(xs)) * (max(ys) - min(ys))
                    if size > best:
                        best = size
                        anchor = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        areas.append(Area(number, tile, "".join(parts), round(anchor[0], 1), round(anchor[1], 1)))
    return areas, SVG_WIDTH, round(height, 1)

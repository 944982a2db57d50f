"""The governorate map: tile layout, colour classes, GeoJSON validation, simplification."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from raqib.reports import maps
from raqib.reports.figures import GovernorateRow, Rate

# Rough bounding boxes are enough: one square per governorate on a 6 × 4 grid of Tunisia.
CODES = sorted(maps.ISO_CODES)


@pytest.fixture(autouse=True)
def _msgids():
    """Messages are compared with their English msgids (the catalogues translate them)."""
    with translation.override("en"):
        yield


def square(lon: float, lat: float, size: float = 0.4) -> list[list[float]]:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def geojson(codes=CODES, key="iso_code", geometry=None, extra=()) -> bytes:
    features = []
    for index, code in enumerate(codes):
        lon, lat = 8.0 + (index % 6) * 0.5, 33.0 + (index // 6) * 0.5
        features.append(
            {
                "type": "Feature",
                "properties": {key: code, "name": code},
                "geometry": geometry or {"type": "Polygon", "coordinates": [square(lon, lat)]},
            }
        )
    features.extend(extra)
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def relative_luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_tile_grid_places_24_governorates_like_the_country():
    assert len(maps.TILES) == 24
    assert len(set(maps.TILES.values())) == 24  # no two tiles on the same cell
    rows = {iso: row for iso, (_col, row) in maps.TILES.items()}
    cols = {iso: col for iso, (col, _row) in maps.TILES.items()}
    assert rows["TN-23"] == min(rows.values())  # Bizerte at the top
    assert rows["TN-83"] == max(rows.values())  # Tataouine at the bottom, alone
    assert [iso for iso, r in rows.items() if r == rows["TN-83"]] == ["TN-83"]
    # The coast is on the east: Nabeul, Monastir and Mahdia east of the interior governorates.
    for coast in ("TN-21", "TN-52", "TN-53"):
        for interior in ("TN-32", "TN-33", "TN-42", "TN-71", "TN-72"):
            assert cols[coast] > cols[interior]


def test_every_colour_class_keeps_aa_contrast_with_its_text():
    for colour, ink in zip(maps.COLOURS, maps.INKS, strict=True):
        assert contrast(colour, ink) >= 4.5, colour
    assert contrast(maps.NODATA_COLOUR, maps.NODATA_INK) >= 4.5


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (None, "coverage", "nodata"),
        (0.0, "coverage", "q0"),
        (19.9, "coverage", "q0"),
        (20.0, "coverage", "q1"),
        (79.9, "coverage", "q3"),
        (80.0, "coverage", "q4"),
        (100.0, "coverage", "q4"),
        (49.0, "score", "q0"),
        (65.0, "score", "q2"),
        (72.0, "score", "q3"),
        (95.0, "score", "q4"),
    ],
)
def test_colour_classes(value, mode, expected):
    assert maps.class_of(value, mode) == expected


def test_tiles_carry_names_values_and_classes_in_reading_order():
    rows = [
        GovernorateRow(1, "TN-83", "تطاوين", "Tataouine", True, Rate(1, 4), 55.0, 2),
        GovernorateRow(2, "TN-23", "بنزرت", "Bizerte", False, Rate(0, 0), None, 0),
    ]
    tiles = maps.tiles(rows, "coverage")
    assert [t.iso_code for t in tiles] == ["TN-23", "TN-83"]
    assert tiles[0].css_class == "nodata"
    assert tiles[0].value is None
    assert tiles[1].value == 25.0
    assert tiles[1].css_class == "q1"
    assert tiles[1].name == "تطاوين"
    assert maps.tiles(rows, "score")[1].css_class == "q1"  # 55 is in 50–60


def test_simplify_rounds_drops_duplicates_keeps_rings_closed():
    ring = [
        [10.000001, 36.0],
        [10.0000012, 36.0],
        [10.5, 36.0],
        [10.5, 36.00001],
        [10.5, 36.5],
        [10.25, 36.5000001],
        [10.0, 36.5],
        [10.0, 36.0],
    ]
    simplified = maps.simplify_ring(ring)
    assert simplified[0] == simplified[-1]
    assert simplified == [[10.0, 36.0], [10.5, 36.0], [10.5, 36.5], [10.0, 36.5], [10.0, 36.0]]
    # A tiny island keeps its rounded shape instead of vanishing.
    island = square(10.0, 36.0, 0.001)
    assert len(maps.simplify_ring(island)) == 5


def test_douglas_peucker_keeps_far_points():
    line = [[0.0, 0.0], [1.0, 0.1], [2.0, -0.1], [3.0, 5.0], [4.0, 6.0], [5.0, 7.0], [6.0, 8.1]]
    assert maps.douglas_peucker(line, 0.5) == [[0.0, 0.0], [2.0, -0.1], [3.0, 5.0], [6.0, 8.1]]


@pytest.mark.parametrize("key", maps.ISO_PROPERTIES)
def test_a_good_file_is_accepted_with_any_iso_property(key):
    shapes, bbox = maps.parse_boundaries(geojson(key=key), max_bytes=10**6)
    assert set(shapes) == maps.ISO_CODES
    assert bbox == [8.0, 33.0, 10.9, 34.9]


def test_multipolygons_are_accepted():
    geometry = {"type": "MultiPolygon", "coordinates": [[square(8, 33)], [square(9, 34)]]}
    shapes, _bbox = maps.parse_boundaries(geojson(geometry=geometry), max_bytes=10**6)
    assert len(shapes["TN-11"]) == 2


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (json.dumps({"type": "Feature"}).encode(), "not a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "has no features"),
        (geojson(CODES[:-1]), "missing TN-83"),
        (
            geojson(extra=[{"type": "Feature", "properties": {"ISO": "TN-99"}}]),
            "unknown code TN-99",
        ),
        (geojson(key="code"), "has no ISO 3166-2 code"),
        (geojson([*CODES, "TN-11"]), "TN-11 appears twice"),
        (
            geojson(geometry={"type": "Point", "coordinates": [9, 34]}),
            "only Polygon and MultiPolygon",
        ),
        (
            geojson(
                geometry={"type": "Polygon", "coordinates": [[[9, 34], [9, 95], [10, 35], [9, 34]]]}
            ),
            "not a longitude and latitude",
        ),
        (
            geojson(
                geometry={
                    "type": "Polygon",
                    "coordinates": [[[9, 34], ["a", 3], [10, 35], [9, 34]]],
                }
            ),
            "not a pair of numbers",
        ),
        (
            geojson(geometry={"type": "Polygon", "coordinates": [[[9, 34], [9, 34]]]}),
            "four positions",
        ),
    ],
)
def test_bad_files_are_refused_with_a_precise_message(data, fragment):
    with pytest.raises(ValidationError) as error:
        maps.parse_boundaries(data, max_bytes=10**6)
    assert fragment in error.value.messages[0]


def test_too_large_files_are_refused_before_parsing():
    with pytest.raises(ValidationError, match="too large"):
        maps.parse_boundaries(geojson(), max_bytes=100)


def test_projection_fits_the_viewbox_and_numbers_the_areas():
    shapes, bbox = maps.parse_boundaries(geojson(), max_bytes=10**6)
    rows = [
        GovernorateRow(i, code, code, code, False, Rate(1, 2), 70.0, 3)
        for i, code in enumerate(CODES)
    ]
    areas, width, height = maps.project(shapes, bbox, maps.tiles(rows, "score"))
    assert width == maps.SVG_WIDTH
    assert 0 < height < 2 * width
    assert [a.number for a in areas] == list(range(1, 25))
    for area in areas:
        assert area.path.startswith("M")
        assert area.path.endswith("Z")
        assert 0 <= area.x <= width
        assert 0 <= area.y <= height

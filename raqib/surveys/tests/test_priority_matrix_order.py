"""The priority matrix's row order, as docs/survey-indices.md §4 states it."""

from __future__ import annotations

from raqib.surveys import indices
from raqib.surveys.indices import Figure, GroupIndices


def _group(pairs: dict[str, tuple[float, float]]) -> GroupIndices:
    """Drivers with (importance, satisfaction), every figure with enough answers."""
    none = Figure(0)
    return GroupIndices(
        responses=100,
        index=none,
        share_satisfied=none,
        share_dissatisfied=none,
        net=none,
        drivers={code: Figure(100, sat) for code, (_imp, sat) in pairs.items()},
        importance={code: Figure(100, imp) for code, (imp, _sat) in pairs.items()},
    )


def test_rows_by_quadrant_then_shortfall_then_code():
    # Cuts: mean importance 70, mean satisfaction 60.
    group = _group(
        {
            "KEEP": (90.0, 80.0),  # keep up, gap -10
            "OVER": (50.0, 90.0),  # possible overkill, gap +40
            "FIX_SMALL": (75.0, 55.0),  # fix first, gap -20
            "FIX_BIG": (90.0, 30.0),  # fix first, gap -60
            "SEC_B": (60.0, 50.0),  # secondary, gap -10
            "SEC_A": (55.0, 45.0),  # secondary, gap -10 (tie: by code)
            "KEEP_2": (70.0, 70.0),  # keep up (on both cuts), gap 0
        }
    )
    points, cut_imp, cut_sat = indices.priority_matrix(group)
    assert (cut_imp, cut_sat) == (70.0, 60.0)
    assert [(p.driver, p.quadrant) for p in points] == [
        ("FIX_BIG", indices.FIX_FIRST),
        ("FIX_SMALL", indices.FIX_FIRST),
        ("SEC_A", indices.SECONDARY),
        ("SEC_B", indices.SECONDARY),
        ("KEEP", indices.KEEP_UP),
        ("KEEP_2", indices.KEEP_UP),
        ("OVER", indices.POSSIBLE_OVERKILL),
    ]

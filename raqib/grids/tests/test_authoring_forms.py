"""The editor's text formats: score bands typed as "10:1;20:0.5;:0", photo triggers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from raqib.grids.forms import bands_format, bands_parse, preview_sections


def test_bands_round_trip():
    bands = bands_parse(" 10:1 ; 20:0,5; :0 ")
    assert bands == [
        {"max": 10, "score": 1.0},
        {"max": 20, "score": 0.5},
        {"max": None, "score": 0.0},
    ]
    assert bands_format(bands) == "10:1;20:0.5;:0"
    assert bands_parse("") is None
    assert bands_parse(" ; ") is None


def test_bands_errors_name_every_bad_band():
    with pytest.raises(ValidationError) as caught:
        bands_parse("10;abc:1;5:x")
    messages = caught.value.messages
    assert len(messages) == 3
    # Each message quotes the band at fault (the wording is translated).
    assert "10" in messages[0]
    assert "abc" in messages[1]
    assert "x" in messages[2]


def test_preview_sections_fall_back_to_the_other_language():
    snapshot = {
        "choice_lists": {"c": [{"name": "a", "label": {"ar": "أ", "fr": ""}, "score": 1.0}]},
        "sections": [
            {
                "code": "s",
                "label": {"ar": "", "fr": "Section"},
                "criteria": [
                    {"code": "Q1", "label": {"ar": "س", "fr": "Q"}, "type": "single_choice",
                     "choices": "c", "scale": None},
                    {"code": "Q2", "label": {"ar": "س", "fr": "Q"}, "type": "scale",
                     "scale": {"min": 0, "max": 100}, "choices": None},
                ],
            }
        ],
    }  # fmt: skip
    (section,) = preview_sections(snapshot, "ar", {"Q1": "a"})
    assert section["label_text"] == "Section"
    first, second = section["criteria"]
    assert first["options"] == [("a", "أ")]
    assert first["value"] == "a"
    assert second["steps"] is None  # 101 steps: a number field, not radio buttons

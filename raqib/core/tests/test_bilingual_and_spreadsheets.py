import pytest
from django.utils import translation

from raqib.core.bilingual import localized
from raqib.core.spreadsheets import csv_escape, csv_unescape


@pytest.mark.parametrize(
    ("lang", "ar", "fr", "shown"),
    [
        ("ar", "تونس", "Tunis", "تونس"),
        ("fr", "تونس", "Tunis", "Tunis"),
        ("fr", "تونس", "", "تونس"),
        ("ar", "", "Tunis", "Tunis"),
        ("ar", None, None, ""),
    ],
)
def test_the_current_language_first_then_the_other(lang, ar, fr, shown):
    with translation.override(lang):
        assert localized(ar, fr) == shown


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+216", "-1", "@x", "\tx", "'=a", "plain", "'x"])
def test_csv_cells_never_run_as_formulas_and_round_trip(text):
    escaped = csv_escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_unescape(escaped) == text

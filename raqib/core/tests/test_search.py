import pytest
from hypothesis import given
from hypothesis import strategies as st

from raqib.core.search import normalize


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("إدارة", "اداره"),
        ("أريانة", "اريانه"),
        ("آمنة", "امنه"),
        ("مستشفى", "مستشفي"),
        ("مُسْتَشْفَى", "مستشفي"),
        ("الـبـريـد", "البريد"),
        ("Béja", "beja"),
        ("KÉBILI", "kebili"),
        ("Médenine", "MEDENINE"),
        ("مكتب ٣", "مكتب 3"),
    ],
)
def test_variants_fold_to_the_same_text(stored, typed):
    assert normalize(stored) == normalize(typed)


def test_different_words_stay_different():
    assert normalize("باجة") != normalize("بنزرت")
    assert normalize("Sfax") != normalize("Sousse")


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once

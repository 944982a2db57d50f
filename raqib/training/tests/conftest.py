import pytest
from django.utils import translation

from raqib.missions.tests.conftest import make_observer  # noqa: F401 - the shared fixture


@pytest.fixture(autouse=True)
def _french():
    """These tests read the refusals' words: in French (pages and services alike)."""
    with translation.override("fr"):
        yield

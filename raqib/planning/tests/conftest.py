import pytest
from django.utils import translation

from raqib.missions.tests.conftest import make_observer  # noqa: F401 - the shared fixture


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.RAQIB_PLANNING_TIME_LIMIT = 10
    settings.RAQIB_PLANNING_CURVE_TIME_LIMIT = 5

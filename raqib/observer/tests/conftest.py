import pytest


@pytest.fixture
def territory():
    """The territorial rows the migrations load (see core's browser test for why)."""
    import importlib

    from django.apps import apps

    from raqib.registry.models import Governorate

    if Governorate.objects.count() < 24:
        migration = importlib.import_module("raqib.registry.migrations.0002_territory")
        migration.load(apps, None)

import pytest

from raqib.core.roles import Role


@pytest.fixture
def make_observer(db):
    from raqib.accounts.services import observer_profile_upsert
    from raqib.accounts.tests.factories import UserFactory
    from raqib.registry.models import Delegation

    def make(username: str, **profile):
        user = UserFactory(username=username, roles=[Role.OBSERVER])
        profile.setdefault("home_delegation", Delegation.objects.order_by("code").first())
        observer_profile_upsert(actor=None, user=user, pseudonym=username.upper(), **profile)
        return user

    return make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

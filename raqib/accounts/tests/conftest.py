import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in throttling counters and used TOTP codes live in the cache: start each test clean.

    Without this, thirty sign-ins in a minute on one xdist worker trip the per-IP limit.
    """
    cache.clear()
    yield
    cache.clear()

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    # Rate-limit counters live in the cache, which outlives a test's database rollback.
    cache.clear()
    yield
    cache.clear()

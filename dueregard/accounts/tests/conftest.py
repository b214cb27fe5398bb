from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate limits and used authenticator codes live in the cache: start each test empty."""
    cache.clear()
    yield
    cache.clear()

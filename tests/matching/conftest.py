import pytest

from matching import services


@pytest.fixture(autouse=True)
def _fresh_match_caches():
    """Each test starts from an empty per-process index cache (the test database is rolled back)."""
    services.reset_caches()
    yield
    services.reset_caches()

"""Settings for the test suite: the development mode (DEBUG=True unless the environment says
otherwise), so `python -m pytest` works with nothing set. Production is the portal's default."""

import os

os.environ.setdefault("DEBUG", "True")

from jiaozuo_portal.settings import *  # noqa: E402,F403

# Many tests register or open self-service links from the same test address; the tests of the
# limits themselves set their own (tests/core/test_hardening.py).
RATELIMITS = {name: (100_000, window) for name, (_, window) in RATELIMITS.items()}  # noqa: F405

# pytest-xdist workers share one Redis server in CI: each worker caches in a database of its own
# (cache.clear() empties a whole Redis database), so one worker's entries, version bumps and
# clears never reach another's tests. The Celery broker keeps REDIS_URL as it is.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    _base, _, _db = CACHES["default"]["LOCATION"].rpartition("/")  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_base}/{(int(_db or 0) + 2 + int(_worker)) % 16}"  # noqa: F405

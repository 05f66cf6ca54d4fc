"""Settings for the test suite: the development mode (DEBUG=True unless the environment says
otherwise), so `python -m pytest` works with nothing set. Production is the portal's default."""

import os

os.environ.setdefault("DEBUG", "True")

from jiaozuo_portal.settings import *  # noqa: E402,F403

# Many tests register or open self-service links from the same test address; the tests of the
# limits themselves set their own (tests/core/test_hardening.py).
RATELIMITS = {name: (100_000, window) for name, (_, window) in RATELIMITS.items()}  # noqa: F405

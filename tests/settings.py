"""Settings for the test suite: the development mode (DEBUG=True unless the environment says
otherwise), so `python -m pytest` works with nothing set. Production is the portal's default."""

import os

os.environ.setdefault("DEBUG", "True")

from jiaozuo_portal.settings import *  # noqa: E402,F403

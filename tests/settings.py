"""The project's settings, with what the test suite needs on top.

pytest uses this module (pyproject.toml); everything else reads
accordsite/settings.py from the environment as it is.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Tests need no .env: a key that signs nothing outside this process.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "x" * 50)

from accordsite.settings import *  # noqa: E402, F403
from accordsite.settings import REST_FRAMEWORK, STORAGES  # noqa: E402

# The live server behind the browser tests cannot resolve hashed (manifest)
# names, and nothing is collected: serve static files from where they are.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The suite is never throttled; the throttling tests set a rate themselves.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}

# One process: its local-memory cache is seen by every request, so it may hold
# the content version (no query per request). Answers are not stored, so that
# the rest of the suite sees every change made behind the models' back;
# tests/test_caching.py turns the store on.
ACCORDS_CACHE_SHARED = True
ACCORDS_CACHE_PAGES = False

# This run's own content version: test runs side by side never share one.
_version_dir = tempfile.mkdtemp(prefix="accords-tests-")
atexit.register(shutil.rmtree, _version_dir, ignore_errors=True)
ACCORDS_CONTENT_VERSION_FILE = Path(_version_dir) / "content-version"

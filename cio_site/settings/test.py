"""The test suite: fast, isolated, no manifest needed for static files."""

import tempfile

from .base import *  # noqa: F401,F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "tests-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="cio-site-test-media-")
# Tests never run collectstatic; an existing (empty) root keeps WhiteNoise from warning about it.
STATIC_ROOT = tempfile.mkdtemp(prefix="cio-site-test-static-")
SERVE_MEDIA = True
DEMO_ADMIN_ALLOWED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

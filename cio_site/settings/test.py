"""The test suite: fast, isolated, no manifest needed for static files."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, REDIS_URL, STORAGES

# pytest-xdist runs the suite in several processes: each gets its own files (and database).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

DEBUG = False
SECRET_KEY = "tests-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Emptied before and removed after each run by tests/conftest.py (git-ignored).
MEDIA_ROOT = BASE_DIR / ".test-files" / WORKER / "media"
# Tests never run collectstatic; an existing (empty) root keeps WhiteNoise from warning about it.
STATIC_ROOT = BASE_DIR / ".test-files" / WORKER / "static"
SERVE_MEDIA = True
DEMO_ADMIN_ALLOWED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database is thrown away: its commits need not wait for the disk (the suite commits
    # often: the session's demo content, transactional tests and their flushes).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared in-memory database: browser tests write from the live server's
    # thread while the test reads, and only a file gives them WAL and waiting on locks, as in use.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

# The page cache is on in tests, as in use. Redis when REDIS_URL is set (CI), each pytest worker
# under its own key prefix; otherwise local memory (one process runs a worker's tests and its live
# server's threads), which also keeps the database's query counts the pages' own.
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": WORKER}}
else:
    # Each pytest worker on a Redis database of its own: the tests clear the cache between them,
    # and Redis clears a whole database (FLUSHDB), which would wipe another worker's pages mid-test.
    from urllib.parse import urlsplit, urlunsplit

    _redis = urlsplit(REDIS_URL)
    _number = int(WORKER[2:]) + 1 if WORKER.startswith("gw") and WORKER[2:].isdigit() else 0
    _database = (int(_redis.path.strip("/") or 0) + _number) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_redis._replace(path=f"/{_database}"))
    CACHES["default"]["KEY_PREFIX"] = f"test-{WORKER}"

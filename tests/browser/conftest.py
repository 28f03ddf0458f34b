"""Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.

Its headless shell (Debian's chromium-headless-shell, the build Playwright itself uses for headless
runs) when installed: the same Blink, for about a fifth less CPU than the full browser run headless.
"""

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import template_database

CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.access(path, os.X_OK)),
    "/usr/bin/chromium",
)

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-headless-shell)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(_live_server, django_db_blocker):
    """The launch content on a live server, for tests that write: a copy of the session's database
    (the demo as loaded, and Wagtail's and our migrations' data) made for the test and dropped after
    it, so that a test that writes changes nothing another test sees. Such a test asks for no `db`:
    what it saves is committed, as the server must see it."""
    with django_db_blocker.unblock(), _private_copy():
        yield _live_server


@pytest.fixture
def log_in(demo_site):
    """`log_in(page, username, language)`: a new superuser, whose admin speaks `language` (as their
    preference, which is what a browser's language becomes), logged in on `page` through the form."""
    from django.contrib.auth import get_user_model

    from tests.factories import set_admin_language

    def log_in(page, username: str, language: str, **names):
        password = "a-long-password-1"
        user = get_user_model().objects.create_superuser(username, f"{username}@example.invalid", password, **names)
        set_admin_language(user, language)
        page.goto(f"{demo_site.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{demo_site.url}/admin/")
        return user

    return log_in


@contextmanager
def _private_copy():
    from django.db import connection

    session = connection.settings_dict["NAME"]
    template_database.end_sessions_on(session)  # PostgreSQL copies a database nobody is connected to
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds every commit
    copy = template_database.clone(session, "writer")
    template_database.use(copy)
    try:
        yield
    finally:
        # Closing a page fires the admin's beacons (editing session released, autosave): let the
        # server answer them, then drop the copy before naming the session's database again, so
        # that a request later still fails on the copy rather than writing to the session's data.
        connection.close()
        if connection.vendor == "postgresql":
            with connection.creation._nodb_cursor() as cursor:
                for _ in range(50):
                    cursor.execute(f"SELECT count(*) {template_database.SESSIONS_ON} AND state <> 'idle'", [copy])
                    if not cursor.fetchone()[0]:
                        break
                    time.sleep(0.1)
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(copy)} WITH (FORCE)")
        else:
            Path(copy).unlink(missing_ok=True)
            template_database.remove_sqlite_logs(copy)
        template_database.use(session)


@pytest.fixture(scope="session")
def _live_server(django_db_setup, django_db_blocker):
    """One live server per worker. Each request opens its connection to the database the settings
    name at that moment: the session's, or a writing test's copy (demo_site)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def reader_site(db, _live_server):
    """The launch content on a live server, for tests that only read it: the demo the session
    committed (tests/conftest.py), which no test changes (tests that write work on a copy)."""
    return _live_server

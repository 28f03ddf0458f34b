"""Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.

Its headless shell (Debian's chromium-headless-shell, the build Playwright itself uses for headless
runs) when installed: the same Blink, for about a fifth less CPU than the full browser run headless.
"""

import io
import os
import shutil
import time

import pytest
from django.core.management import call_command

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


@pytest.fixture(autouse=True)
def _quiet_live_server(request):
    """After a browser test, and before its database is flushed, no request is left running.

    Closing a page fires the admin's beacons (editing session released, autosave), which the live
    server may still be answering while the flush truncates every table: on PostgreSQL the two
    deadlock. Set up right after the database (so torn down after every page and context of the
    test), this waits for the server's connections to finish, then ends any that linger.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    with connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(f"SELECT count(*) {others} AND state <> 'idle'")
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.1)
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The launch content on a live server, for tests that write: loaded for the test, and flushed
    at its end with the rest of the (transactional) database."""
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server


@pytest.fixture(scope="session")
def _reading_server(django_db_setup, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def reader_site(db, _reading_server):
    """The launch content on a live server, for tests that only read it: the demo the session
    committed (tests/conftest.py), neither reloaded nor flushed. These tests run before those that
    write (tests/conftest.py orders them), whose live server flushes the database at their end."""
    from articles.models import ArticlePage

    assert ArticlePage.objects.exists(), "a browser test that writes ran before this one, and flushed the demo"
    return _reading_server

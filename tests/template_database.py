"""The test database, migrated and loaded with the demo once per run, then copied for each worker.

Migrating takes some 11 s of CPU (about two hundred migrations, most of them Wagtail's) and the demo
another 2 s. With one pytest-xdist worker per core, every worker used to do both at once. Now the
controller starts this module as a process when the run begins: it builds the template while the
workers start up and run the tests that need no database (tests/conftest.py orders those first).
Each worker then copies the template through Django's own `clone_test_db`, as Django's parallel
test runner does (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: a copy of the file).

A run in one process (no -n) migrates and loads the demo in tests/conftest.py as before.
"""

import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

# Set by the controller for its workers: where the builder reports the template's name.
ENV = "CIO_TEST_TEMPLATE"
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 600


class Builder:
    """The controller's handle on the process that builds the template."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="cio-test-template-"))
        self.marker = self.directory / "template.json"
        self.log = (self.directory / "build.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.template_database", str(self.marker)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        os.environ[ENV] = str(self.marker)  # inherited by the workers, started after this

    def finish(self):
        """Every worker has its copy and is done with it: the builder drops the template and exits.
        A run that needed no database (or was interrupted) does not wait for the migrations to end:
        the half-built template is dropped by the next run's build."""
        if not self.marker.exists():
            self.process.terminate()
        self.process.stdin.close()
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def expected() -> bool:
    return bool(os.environ.get(ENV))


def _wait() -> str:
    marker = Path(os.environ[ENV])
    deadline = time.monotonic() + WAIT_SECONDS
    while not marker.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the test database was not built within {WAIT_SECONDS} s ({marker.parent}/build.log)")
        time.sleep(0.05)
    report = json.loads(marker.read_text())
    if "error" in report:
        raise RuntimeError("the test database could not be built:\n" + report["error"])
    return report["name"]


@contextmanager
def _one_copy_at_a_time():
    # PostgreSQL refuses to copy a template that another session is using, which may include
    # another CREATE DATABASE from it: the workers take turns (each copy takes a fraction of a second).
    with open(Path(os.environ[ENV]).with_name("copy.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def copy_for(worker: str):
    """Point this worker's connection at its own copy of the template; returns its teardown."""
    from django.db import connection

    template = _wait()
    original = connection.settings_dict["NAME"]
    with _one_copy_at_a_time():
        use(clone(template, worker))

    def destroy():
        connection.creation.destroy_test_db(original, verbosity=0)

    return destroy


# --- Copies, shared with the browser tests' private copies (tests/browser/conftest.py) -----------


def clone(source: str, suffix: str) -> str:
    """Copy the database `source` to `<source>_<suffix>` with Django's clone_test_db; its name."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = source
    copy = connection.creation.get_test_db_clone_settings(suffix)["NAME"]
    if connection.vendor == "sqlite":
        remove_sqlite_logs(copy)  # a stale log beside an old copy would be replayed into the new one
    connection.creation.clone_test_db(suffix=suffix, verbosity=0, keepdb=False)
    return copy


def use(name: str):
    """Name `name` as the database, for this thread's connection and every one opened after."""
    from django.conf import settings
    from django.db import connection

    connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = name
    connection.close()


def end_sessions_on(name: str):
    """End every other connection to `name` (a live server's request threads may keep one):
    PostgreSQL neither copies nor drops a database someone is connected to."""
    from django.db import connection

    connection.close()
    if connection.vendor == "postgresql":
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"SELECT pg_terminate_backend(pid) {SESSIONS_ON}", [name])


SESSIONS_ON = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"


def remove_sqlite_logs(name: str):
    for suffix in ("-wal", "-shm"):
        Path(name + suffix).unlink(missing_ok=True)


def build(marker: Path):
    """Migrate the test database, load the demo, report its name, and drop it when told (stdin closes)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cio_site.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    original = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        # A run stopped mid-build leaves its log beside the file that is about to be replaced.
        remove_sqlite_logs(connection.creation._get_test_db_name())
    created = False
    try:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        created = True
        call_command("load_demo_content", stdout=io.StringIO())
        # Closing every connection lets the workers copy it (and SQLite folds its log into the file).
        connections.close_all()
        report = {"name": name}
    except BaseException:
        report = {"error": traceback.format_exc()}
    partial = marker.with_suffix(".partial")
    partial.write_text(json.dumps(report))
    partial.rename(marker)  # all at once: a worker never reads half a report
    try:
        sys.stdin.read()
    finally:
        if created:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    import gc

    gc.set_threshold(50_000, 50, 100)  # as in tests/conftest.py: migrating builds thousands of model states
    build(Path(sys.argv[1]))

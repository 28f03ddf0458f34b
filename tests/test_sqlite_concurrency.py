"""The embedded SQLite database takes overlapping writes (an autosave while someone publishes)
without "database is locked": WAL, transactions that take the write lock up front, and a wait."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

ALIAS = "concurrency"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite is the embedded default; this run uses another database")
    with django_db_blocker.unblock():
        yield {
            **config,
            "NAME": str(tmp_path / "concurrency.sqlite3"),
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        }


def open_connection(config):
    # Connections are per thread: register this thread's own under ALIAS so atomic() can use it.
    connections[ALIAS] = DatabaseWrapper(config, alias=ALIAS)
    return connections[ALIAS]


def test_overlapping_writes_wait_for_each_other_instead_of_failing(sqlite_file):
    setup = open_connection(sqlite_file)
    with setup.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE revision (id INTEGER PRIMARY KEY, who TEXT)")
    setup.close()

    errors, first_has_read = [], threading.Event()

    def save(who, *, pause):
        connection = open_connection(sqlite_file)
        try:
            # Read, then write, in one transaction: what saving a page does. With SQLite's default
            # (deferred) transactions the second writer cannot upgrade its read lock and fails.
            with transaction.atomic(using=ALIAS), connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM revision")
                if pause:
                    first_has_read.set()
                    time.sleep(0.5)
                cursor.execute("INSERT INTO revision (who) VALUES (%s)", [who])
        except Exception as error:
            errors.append(f"{who}: {error}")
        finally:
            connection.close()

    def publish_while_autosaving():
        first_has_read.wait(5)
        save("publish", pause=False)

    threads = [
        threading.Thread(target=save, args=("autosave",), kwargs={"pause": True}),
        threading.Thread(target=publish_while_autosaving),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    check = open_connection(sqlite_file)
    with check.cursor() as cursor:
        assert sorted(row[0] for row in cursor.execute("SELECT who FROM revision").fetchall()) == [
            "autosave",
            "publish",
        ]
    check.close()

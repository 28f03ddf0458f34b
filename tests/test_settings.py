"""Production settings take everything from the environment and refuse to guess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_production(**env) -> subprocess.CompletedProcess:
    code = (
        "import django, os; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.DEMO_ADMIN_ALLOWED, settings.ALLOWED_HOSTS, "
        "settings.DATABASES['default']['ENGINE'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cio_site.settings.production", **env},
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_production(ALLOWED_HOSTS="example.org")
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_production(SECRET_KEY="x" * 50)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "database_url,engine",
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://user@db.example:5432/cio", "django.db.backends.postgresql"),
    ],
)
def test_production_reads_its_configuration_from_the_environment(database_url, engine):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org,www.example.org"}
    if database_url:
        env["DATABASE_URL"] = database_url
    result = load_production(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "['example.org',", "'www.example.org']", engine]

"""Production settings take everything from the environment and refuse to guess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_production(**env) -> subprocess.CompletedProcess:
    # Settings only (no django.setup()): loading them is what refuses or accepts the environment,
    # and `manage.py check --deploy` below starts the whole project.
    code = (
        "from django.conf import settings; "
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


DOCUMENTED = {
    "SECRET_KEY": "k3Y-" + "x1y2z3" * 10,
    "ALLOWED_HOSTS": "cio.example.org",
    "DATABASE_URL": "postgres://cio@127.0.0.1:5432/cio_site",
}


def production_settings(*names, **env) -> dict:
    """The named production settings, as JSON, loaded in a clean process with `env`."""
    code = (
        # Settings only, no django.setup(): the S3 backend is named, never imported, unless configured.
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {*DOCUMENTED, "EMAIL_URL", "ADMINS", "BEHIND_PROXY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cio_site.settings.production", **DOCUMENTED, **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_silent_with_the_documented_environment():
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cio_site.settings.production", **DOCUMENTED},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_sends_a_year_of_hsts_and_the_strict_policy():
    values = production_settings(
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "CONTENT_SECURITY_POLICY"
    )
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"]
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert directives["upgrade-insecure-requests"] is True


@pytest.mark.parametrize("behind_proxy,header", [("", None), ("true", ["HTTP_X_FORWARDED_PROTO", "https"])])
def test_the_forwarded_proto_header_is_trusted_only_when_the_operator_says_a_proxy_sets_it(behind_proxy, header):
    assert (
        production_settings("SECURE_PROXY_SSL_HEADER", BEHIND_PROXY=behind_proxy)["SECURE_PROXY_SSL_HEADER"] == header
    )


def test_without_email_the_password_reset_is_hidden_and_mail_is_only_logged():
    values = production_settings("WAGTAIL_PASSWORD_RESET_ENABLED", "EMAIL_BACKEND", "ADMINS", "WAGTAILADMIN_BASE_URL")
    assert values["WAGTAIL_PASSWORD_RESET_ENABLED"] is False
    assert values["EMAIL_BACKEND"] == "cio_site.mail.LoggedNotSentEmailBackend"
    assert values["ADMINS"] == []
    assert values["WAGTAILADMIN_BASE_URL"] == "https://cio.example.org"  # never 127.0.0.1 in production


def test_email_admins_and_admin_url_come_from_the_environment():
    values = production_settings(
        "WAGTAIL_PASSWORD_RESET_ENABLED",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "EMAIL_HOST_USER",
        "ADMINS",
        "WAGTAILADMIN_BASE_URL",
        "LOGGING",
        EMAIL_URL="smtp://mailer:s3cret@smtp.example.org:587/?tls=True",
        ADMINS="Ada Lovelace <ada@example.org>, ops@example.org",
        WAGTAILADMIN_BASE_URL="https://editors.example.org/",
    )
    assert values["WAGTAIL_PASSWORD_RESET_ENABLED"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == ("smtp.example.org", 587, True)
    assert values["EMAIL_HOST_USER"] == "mailer"
    assert values["ADMINS"] == [["Ada Lovelace", "ada@example.org"], ["", "ops@example.org"]]
    assert values["WAGTAILADMIN_BASE_URL"] == "https://editors.example.org"
    assert "mail_admins" in values["LOGGING"]["loggers"]["django.request"]["handlers"]


@pytest.mark.parametrize(
    "env,backend,origin",
    [
        ({}, "django.core.files.storage.FileSystemStorage", None),
        (
            {"AWS_STORAGE_BUCKET_NAME": "cio-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.org"},
            "storages.backends.s3.S3Storage",
            "https://media.example.org",
        ),
    ],
)
def test_media_go_to_an_s3_bucket_only_when_one_is_configured(env, backend, origin):
    values = production_settings("STORAGES", "CONTENT_SECURITY_POLICY", **env)
    assert values["STORAGES"]["default"]["BACKEND"] == backend
    images = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert (origin in images) if origin else images == ["'self'", "data:"]


def test_production_logs_one_json_object_per_line(rf):
    import logging

    from cio_site.logging import JSONFormatter

    assert production_settings("LOGGING")["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ('/it/x"\n',), None)
    record.request, record.status_code = rf.get("/it/x"), 404
    [line] = JSONFormatter().format(record).splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["status"], entry["path"]) == (
        "WARNING",
        "django.request",
        404,
        "/it/x",
    )
    assert entry["message"] == 'Not Found: /it/x"\n'


@pytest.mark.parametrize(
    "env,missing",
    [
        ({}, ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]),
        ({"SECRET_KEY": "x" * 50}, ["ALLOWED_HOSTS", "DATABASE_URL"]),
        ({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://cio@db/cio"}, ["ALLOWED_HOSTS"]),
    ],
)
def test_make_serve_refuses_to_start_without_its_environment_and_says_what_is_missing(env, missing):
    clean = {k: v for k, v in os.environ.items() if k not in DOCUMENTED}
    result = subprocess.run(["bin/serve"], cwd=ROOT, capture_output=True, text=True, env={**clean, **env}, timeout=30)
    assert result.returncode == 2
    assert "make serve: not starting. Set in the environment:" in result.stderr
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert (f"  {name} " in result.stderr) == (name in missing), name


def test_make_serve_refuses_sqlite():
    clean = {k: v for k, v in os.environ.items() if k not in DOCUMENTED}
    env = {**clean, **DOCUMENTED, "DATABASE_URL": "sqlite:///db.sqlite3"}
    result = subprocess.run(["bin/serve"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=30)
    assert result.returncode == 2 and "must be a PostgreSQL URL" in result.stderr

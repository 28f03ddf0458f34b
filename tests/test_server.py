"""The production stack as `make serve` runs it: gunicorn with production settings in front of the test
database, answered as nginx would ask (X-Forwarded-Proto, BEHIND_PROXY). Slow-ish: one server, one test."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def get(port, path, host="127.0.0.1", proto="https", timeout=5.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": host, **({"X-Forwarded-Proto": proto} if proto else {})}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body.decode("utf-8", "replace")


@pytest.fixture
def production_server(tmp_path, demo):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "cio_site.settings.production",
        "SECRET_KEY": "test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "BEHIND_PROXY": "true",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "16",
        "LOG_FORMAT": "json",
    }
    python = Path(sys.executable)
    # The manifest the production storage reads, without WhiteNoise's Brotli and gzip copy of every
    # file (8 s of CPU; this test fetches no static file, and `make serve` still makes them).
    collect = (
        "import django; from django.conf import settings; "
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}; "
        "django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    subprocess.run([python, "-c", collect], cwd=ROOT, env=env, check=True)
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [python.parent / "gunicorn", "--config", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/robots.txt", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    log.seek(0)
                    pytest.fail("gunicorn did not start:\n" + log.read()[-3000:])
                time.sleep(0.2)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_production_server_answers_with_every_header_and_survives_idle_clients(production_server):
    port, log = production_server
    response, html = get(port, "/en/articles/it-leaders-new-boss-customer/")
    assert response.status == 200 and "IT leaders have a new boss" in html
    headers = {name.lower(): value for name, value in response.getheaders()}
    assert headers["server"] == "gunicorn"
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]

    # Plain HTTP (no proxy saying otherwise) is sent to HTTPS.
    response, _html = get(port, "/it/", proto=None)
    assert response.status == 301 and response.getheader("Location") == "https://127.0.0.1/it/"

    # Idle and half-sent connections (the two froze the old server for 39 s): still answered.
    idle = []
    for n in range(12):
        sock = socket.create_connection(("127.0.0.1", port))
        if n % 3 == 0:
            sock.sendall(b"GET /it/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        idle.append(sock)
    try:
        started = time.monotonic()
        response, html = get(port, "/it/", timeout=10)
        assert response.status == 200 and "Osservatorio CIO" in html
        assert time.monotonic() - started < 3
    finally:
        for sock in idle:
            sock.close()

    # A host we do not serve: a 400 and one JSON line in the log, no traceback.
    response, html = get(port, "/en/", host="evil.example")
    assert response.status == 400 and "Bad request" in html
    time.sleep(0.3)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.startswith("{")]
    disallowed = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert len(disallowed) == 1 and disallowed[0]["level"] == "WARNING" and "exception" not in disallowed[0]

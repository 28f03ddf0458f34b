"""What the request benchmarks share: a database with the launch content, gunicorn with production
settings on 127.0.0.1, nginx in front of it, and wrk (or a Python client when wrk is missing).

Nothing here is imported by the site; `bench/` scripts only.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
WORK = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "cio-bench"))


def base_env(database_url: str, **extra: str) -> dict:
    """Production settings, as `make serve` runs them, on plain HTTP at 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cio_site.settings.production",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        CACHE_DIR=str(WORK / "cache"),
        LOG_LEVEL="WARNING",
        # A fresh page cache for each run (Redis keys, or the cache directory emptied by prepare()).
        CACHE_KEY_PREFIX=f"bench-{os.getpid()}",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict) -> None:
    """Migrate, load the launch content (idempotent) and collect static files."""
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


class Server:
    """gunicorn (gunicorn.conf.py: gthread workers) with the given environment, until stopped."""

    def __init__(self, env: dict, port: int, workers: int = 2, **extra: str):
        self.port = port
        self.env = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers), **extra}
        self.process = None

    def __enter__(self):
        self.log = open(WORK / f"gunicorn-{self.port}.log", "w")
        self.process = subprocess.Popen(
            # gunicorn.conf.py recycles a worker every ~5,000 requests, which a cached page reaches
            # in a couple of seconds here: the benchmark measures serving, not booting workers.
            [PYTHON.parent / "gunicorn", "--config", "gunicorn.conf.py", "--max-requests", "1000000"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        wait_for(self.port, self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, self.log)


FLOOR_LOCAL_SETTINGS = """
import dj_database_url

from .base import BASE_DIR

SECRET_KEY = "bench-floor-" + "k" * 50
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Connections kept as the site's production settings keep them.
DATABASES = {"default": dj_database_url.config(env="FLOOR_DATABASE_URL", conn_max_age=60, conn_health_checks=True)}
STATIC_ROOT = str(BASE_DIR / "static")
"""


class WagtailFloor:
    """The issue's floor: a bare `wagtail start` project on the same versions (its welcome page, one
    template and a few queries), on the same database server, served by gunicorn as the site is
    (gunicorn.conf.py: 2 gthread workers, DEBUG off). Created once under $BENCH_DIR."""

    def __init__(self, database_url: str, port: int, workers: int = 2):
        self.project = WORK / "wagtail-floor"
        self.port = port
        self.workers = workers
        if database_url.startswith("postgres"):
            self.database_url = database_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1] + "_floor"
        else:
            self.database_url = f"sqlite:///{WORK / 'wagtail-floor.sqlite3'}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
        self.env.update(DJANGO_SETTINGS_MODULE="floor.settings.production", FLOOR_DATABASE_URL=self.database_url)

    def _manage(self, *args: str) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=self.project, env=self.env, check=True, stdout=subprocess.DEVNULL
        )

    def prepare(self) -> None:
        if not (self.project / "manage.py").exists():
            self.project.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [PYTHON.parent / "wagtail", "start", "floor", str(self.project)], check=True, stdout=subprocess.DEVNULL
            )
        (self.project / "floor" / "settings" / "local.py").write_text(FLOOR_LOCAL_SETTINGS)
        if self.database_url.startswith("postgres"):
            import psycopg

            server, name = self.database_url.rsplit("/", 1)
            with psycopg.connect(server + "/postgres", autocommit=True) as connection:
                if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    connection.execute(f'CREATE DATABASE "{name}"')
        self._manage("migrate", "--noinput", "--verbosity", "0")
        self._manage("collectstatic", "--noinput", "--verbosity", "0")

    def __enter__(self):
        self.prepare()
        self.log = open(WORK / f"wagtail-floor-{self.port}.log", "w")
        self.process = subprocess.Popen(
            # The site's gunicorn.conf.py without its logging (which names the site's formatter).
            [
                PYTHON.parent / "gunicorn",
                "--worker-class",
                "gthread",
                "--threads",
                "8",
                "--keep-alive",
                "5",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "floor.wsgi:application",
            ],
            cwd=self.project,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        wait_for(self.port, self.process, path="/")
        return self

    def __exit__(self, *exc):
        stop(self.process, self.log)


@contextmanager
def demo_test_database():
    """For benches that render in-process (Django set up with the test settings): a throwaway test
    database (SQLite in memory, or test_<name> on PostgreSQL, dropped at the end) holding the launch
    content. The settings' own database is never opened."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    # Muted: migrate's post-migrate hook (modeltranslation's column sync) prints its SQL.
    with redirect_stdout(io.StringIO()):
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_demo_content", stdout=io.StringIO())
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def stop(process, log) -> None:
    """A server started above: asked to finish, then killed if it has not within 30 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def wait_for(port: int, process=None, path: str = "/robots.txt") -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            get(port, path)
            return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError(f"nothing answers on port {port} (see {WORK}/gunicorn-{port}.log)") from None
            time.sleep(0.2)


def get(port: int, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def load(port: int, path: str, *, seconds: float, connections: int, headers: dict | None = None) -> Load:
    """Requests per second and latency for `seconds` at `connections` concurrent connections."""
    if shutil.which("wrk"):
        return _wrk(port, path, seconds=seconds, connections=connections, headers=headers or {})
    return _python_client(port, path, seconds=seconds, connections=connections, headers=headers or {})


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(port, path, *, seconds, connections, headers) -> Load:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(n) for n in match.groups())
    return Load(rps, p50, p99, errors)


def _python_client(port, path, *, seconds, connections, headers) -> Load:
    """A threaded keep-alive client: slower than wrk, so cached figures are a lower bound."""
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return Load(len(latencies) / seconds, pick(0.5), pick(0.99), errors[0])


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=cio_pages:10m max_size=1g inactive=1d use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        root {work}/html;
        location = /static-copy.html {{ gzip on; }}
        {locations}
    }}
}}
"""


def nginx_config(port: int, upstream: int) -> str:
    """The documented caching proxy (docs/deploy/nginx-cache.conf), its cache locations only."""
    locations = (ROOT / "docs" / "deploy" / "nginx-cache.conf").read_text()
    block = locations.split("# --- locations (bench/_stack.py reads from here) ---", 1)[1]
    block = block.split("# --- end of locations ---", 1)[0].replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    return NGINX_CONF.format(work=WORK, port=port, locations=block)


class Nginx:
    def __init__(self, port: int, upstream: int):
        self.port, self.upstream = port, upstream

    def __enter__(self):
        shutil.rmtree(WORK / "nginx-cache", ignore_errors=True)
        conf = WORK / "nginx.conf"
        modules = "\n".join(
            f"load_module {path};" for path in sorted(Path("/usr/lib/nginx/modules").glob("ngx_http_cache_purge*"))
        )
        conf.write_text(modules + nginx_config(self.port, self.upstream))
        subprocess.run(["nginx", "-c", str(conf), "-p", str(WORK)], check=True)
        wait_for(self.port, path="/static-copy.html")
        return self

    def __exit__(self, *exc):
        pid = int((WORK / "nginx.pid").read_text())
        os.kill(pid, signal.SIGQUIT)
        time.sleep(0.5)

"""A bounded mixed load on the production stack with PostgreSQL restarted in the middle.

    .venv/bin/python bench/outage.py                       # 60 s, 8 clients, database down 3 s at t=20 s
    .venv/bin/python bench/outage.py --duration 30 --clients 4 --down 2

Not a test: it needs root (it creates and runs its own PostgreSQL cluster, `bench`, on 127.0.0.1:5433,
with pg_createcluster; the shared server on 5432 is never touched), takes a minute, and prints figures.

What it does: creates (once) and starts the cluster, makes a fresh database `cio_bench`, migrates it and
loads the demo content under production settings, starts gunicorn as `make serve` does (gunicorn.conf.py,
workers from the CPU count) on a free port of 127.0.0.1, and runs CLIENTS threads, each requesting in turn
the home pages, the article index, the article, search and the CSV download in both languages, as nginx
would pass them (X-Forwarded-Proto: https). At --restart-at seconds it stops PostgreSQL (fast mode), waits
--down seconds and starts it again. It prints the requests, their statuses, the errors outside the outage,
and the seconds from the database's return (pg_isready answers) to the first good answer to a request
sent after it. Everything is stopped at the end: gunicorn, then the cluster (kept on disk for the next run;
--drop removes it).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_VERSION_DIR = Path("/etc/postgresql")
CLUSTER = "bench"
DATABASE = "cio_bench"
URLS = [
    "/it/",
    "/en/",
    "/it/articoli/",
    "/en/articles/",
    "/it/articoli/responsabili-it-nuovo-capo-cliente/",
    "/en/articles/it-leaders-new-boss-customer/",
    "/it/cerca/?q=cloud",
    "/en/search/?q=customer",
    "/it/dati/ibm-cio-study.csv",
    "/en/data/ibm-cio-study.csv",
]


def run(*command, env=None, check=True, quiet=True):
    return subprocess.run(
        [str(part) for part in command],
        env=env,
        check=check,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
        text=True,
    )


def pg_version() -> str:
    versions = sorted(p.name for p in PG_VERSION_DIR.iterdir() if p.name.isdigit())
    if not versions:
        sys.exit("No PostgreSQL installed (/etc/postgresql is empty).")
    return versions[-1]


def cluster_up(version: str, port: int) -> None:
    if not (PG_VERSION_DIR / version / CLUSTER).exists():
        print(f"creating PostgreSQL cluster {version}/{CLUSTER} on port {port} (once)")
        run(
            "pg_createcluster",
            version,
            CLUSTER,
            "--port",
            port,
            "--",
            "--auth-local=trust",
            "--auth-host=trust",
        )
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start", check=False)
    wait_ready(port, 30)


def is_ready(port: int) -> bool:
    return run("pg_isready", "-q", "-h", "127.0.0.1", "-p", port, check=False).returncode == 0


def wait_ready(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not is_ready(port):
        if time.monotonic() > deadline:
            sys.exit(f"PostgreSQL on port {port} did not come up.")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Load:
    def __init__(self, port: int, clients: int, duration: float):
        self.port, self.clients, self.duration = port, clients, duration
        self.results: list[tuple[float, float, int]] = []  # (sent, done, status); status 0 = no answer
        self.lock = threading.Lock()
        self.start = 0.0

    def client(self, offset: int) -> None:
        conn = None
        n = offset
        end = self.start + self.duration
        while time.monotonic() < end:
            url = URLS[n % len(URLS)]
            n += 1
            sent = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", url, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                status = 0
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)
            with self.lock:
                self.results.append((sent - self.start, time.monotonic() - self.start, status))

    def run(self) -> list[threading.Thread]:
        self.start = time.monotonic()
        threads = [threading.Thread(target=self.client, args=(i,), daemon=True) for i in range(self.clients)]
        for thread in threads:
            thread.start()
        return threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (at most 300)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (at most 32)")
    parser.add_argument("--restart-at", type=float, default=20.0, help="when PostgreSQL is stopped (s)")
    parser.add_argument("--down", type=float, default=3.0, help="how long it stays down (s)")
    parser.add_argument("--pg-port", type=int, default=5433, help="the bench cluster's port (never 5432)")
    parser.add_argument("--drop", action="store_true", help="drop the bench cluster at the end")
    args = parser.parse_args()
    if args.pg_port == 5432:
        sys.exit("5432 is the shared server: the bench runs its own cluster on another port.")
    if os.geteuid() != 0:
        sys.exit("Run as root: the bench creates and restarts its own PostgreSQL cluster.")
    duration, clients = min(args.duration, 300.0), min(args.clients, 32)

    version = pg_version()
    cluster_up(version, args.pg_port)
    psql = ["psql", "-q", "-h", "127.0.0.1", "-p", args.pg_port, "-U", "postgres", "-d", "postgres", "-c"]
    run(*psql, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    run(*psql, f"CREATE DATABASE {DATABASE}")

    work = Path(tempfile.mkdtemp(prefix="cio-bench-"))
    port = free_port()
    python = ROOT / ".venv" / "bin" / "python"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cio_site.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/{DATABASE}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "true",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PORT": str(port),
        "LOG_FORMAT": "json",
    }
    print("migrating, collecting static files, loading the demo content...")
    run(python, "manage.py", "migrate", "--noinput", env=env)
    run(python, "manage.py", "collectstatic", "--noinput", env=env)
    run(python, "manage.py", "load_demo_content", env=env)

    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [ROOT / ".venv" / "bin" / "gunicorn", "--config", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit(f"gunicorn did not start; see {log.name}")
                time.sleep(0.2)
        # Warm every worker up before measuring (the first answers wait for the workers to boot).
        for url in URLS * 3:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", url, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
            conn.getresponse().read()
            conn.close()

        workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
        print(
            f"load: {clients} clients for {duration:.0f} s against gunicorn ({workers} workers) on 127.0.0.1:{port};"
            f" PostgreSQL {version}/{CLUSTER} stopped at t={args.restart_at:.0f} s for {args.down:.0f} s"
        )
        load = Load(port, clients, duration)
        threads = load.run()
        time.sleep(max(0.0, load.start + args.restart_at - time.monotonic()))
        db_stopped = time.monotonic() - load.start
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "stop", "-m", "fast")
        db_down = time.monotonic() - load.start
        time.sleep(args.down)
        db_starting = time.monotonic() - load.start
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start")
        wait_ready(args.pg_port, 30)
        db_back = time.monotonic() - load.start
        for thread in threads:
            thread.join(timeout=duration + 30)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "stop", "-m", "fast", check=False)
        if args.drop:
            run("pg_dropcluster", version, CLUSTER, check=False)

    results = sorted(load.results)
    statuses = Counter(status for _sent, _done, status in results)
    outside = [r for r in results if r[2] != 200 and not (db_stopped <= r[1] and r[0] <= db_back)]
    first_good = next((done for sent, done, status in results if sent >= db_back and status == 200), None)
    latencies = [done - sent for sent, done, status in results if status == 200]
    five_hundreds = sum(count for status, count in statuses.items() if status >= 500 and status != 503)
    print(f"requests:               {len(results)} ({len(results) / duration:.0f}/s)")
    print(f"statuses:               {dict(sorted(statuses.items()))}  (0 = no answer)")
    print(f"errors:                 {len(results) - statuses[200]} (503 during the outage: {statuses[503]})")
    print(f"errors outside outage:  {len(outside)}; 5xx other than 503: {five_hundreds}")
    print(
        f"database:               stopping at t={db_stopped:.1f} s, stopped t={db_down:.1f} s, "
        f"starting t={db_starting:.1f} s, answering t={db_back:.1f} s"
    )
    if first_good is None:
        print("first good answer after the database returned: none")
    else:
        print(f"database back -> first good answer: {first_good - db_back:.2f} s")
    if latencies:
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"latency of good answers: median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

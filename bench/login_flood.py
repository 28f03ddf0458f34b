"""What password guessing costs readers: a reader's page time alone, then while clients guess passwords.

    .venv/bin/python bench/login_flood.py                  # 15 s alone, 15 s with 4 guessers
    .venv/bin/python bench/login_flood.py --guessers 8 --seconds 20

Run after `make run` (it serves the demo database, db.sqlite3, read-only for readers). It starts gunicorn
as `make run` does on a free port of 127.0.0.1, with BEHIND_PROXY=true so that each guess can come from
another address (X-Forwarded-For, as nginx would set it) and a username of its own: that is the case
django-axes' lockout cannot stop, where only hashing one password at a time protects readers. Prints the
reader's median and 95th percentile page time in both phases, and guesses per second. Stops everything.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
READER_URL = "/it/articoli/responsabili-it-nuovo-capo-cliente/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_for(port: int, seconds: float) -> list[float]:
    times, end = [], time.monotonic() + seconds
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < end:
        started = time.monotonic()
        conn.request("GET", READER_URL)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        times.append(time.monotonic() - started)
    conn.close()
    return times


def guess(port: int, number: int, stop: threading.Event, counter: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/admin/login/")
    response = conn.getresponse()
    html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        body = urlencode({"csrfmiddlewaretoken": token, "username": f"guess{number}-{attempt}", "password": "x" * 12})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "X-Forwarded-For": f"10.{number}.{attempt // 250 % 250}.{attempt % 250 + 1}",
        }
        conn.request("POST", "/admin/login/", body=body, headers=headers)
        conn.getresponse().read()
        counter[number] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guessers", type=int, default=4, help="concurrent guessing clients (at most 16)")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each phase (at most 120)")
    args = parser.parse_args()
    guessers, seconds = min(args.guessers, 16), min(args.seconds, 120.0)
    if not (ROOT / "db.sqlite3").exists():
        raise SystemExit("Run `make run` once first: the bench serves its demo database.")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cio_site.settings.dev",
        "DJANGO_DEBUG": "false",
        "BEHIND_PROXY": "true",
        "PORT": str(port),
    }
    server = subprocess.Popen(
        [ROOT / ".venv" / "bin" / "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                read_for(port, 0.5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        alone = read_for(port, seconds)
        stop, counter = threading.Event(), [0] * guessers
        threads = [threading.Thread(target=guess, args=(port, n, stop, counter)) for n in range(guessers)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        during = read_for(port, seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    subprocess.run(
        [ROOT / ".venv" / "bin" / "python", "manage.py", "axes_reset"], cwd=ROOT, env=env, capture_output=True
    )

    def summary(times):
        times = sorted(times)
        return (
            f"median {statistics.median(times) * 1000:.0f} ms, p95 {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms"
        )

    print(f"reader alone:                   {summary(alone)} ({len(alone)} pages)")
    print(f"reader with {guessers} guessers:         {summary(during)} ({len(during)} pages)")
    print(f"guesses: {sum(counter)} in {seconds + 1:.0f} s, each from another address and username")


if __name__ == "__main__":
    main()

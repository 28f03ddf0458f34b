"""Lighthouse (mobile, its default) on the launch article in both languages: the four category
scores and the page weight, against the site as `make run` serves it (gunicorn, DEBUG off, static
files through WhiteNoise), on a throwaway SQLite database with the demo content.

    .venv/bin/python bench/lighthouse.py              # port 8251; runs `npm install` in bench/lighthouse once
    .venv/bin/python bench/lighthouse.py --port 8260 --runs 3

Needs Node (npm) and Debian's Chromium (/usr/bin/chromium, or CHROME_PATH). Lighthouse 12.2.3 is
installed into bench/lighthouse/node_modules, never globally. With --runs N it prints every run
and the median of each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PYTHON = ROOT / ".venv" / "bin" / "python"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def article_paths() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from articles import demo_content

    article = demo_content.ARTICLE
    return {
        "it": f"/it/articoli/{article['it']['slug']}/",
        "en": f"/en/articles/{article['en']['slug']}/",
    }


def install() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def serve(port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cio_site.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'lighthouse.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
    }
    manage = [str(PYTHON), "manage.py"]
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "load_demo_content"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/it/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("The server did not start.")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def lighthouse(url: str, workdir: Path) -> dict:
    report = workdir / "report.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    # Lighthouse sometimes fails to record the page load's trace in headless Chromium (NO_NAVSTART,
    # "please run Lighthouse again"): a run that fails that way is retried, up to three times.
    for attempt in range(3):
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
        if finished.returncode == 0:
            break
        sys.stderr.write(finished.stderr[-2000:])
        if "NO_NAVSTART" not in finished.stderr or attempt == 2:
            finished.check_returncode()
    data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["weight_kb"] = round(data["audits"]["total-byte-weight"]["numericValue"] / 1024, 1)
    scores["requests"] = len(data["audits"]["network-requests"]["details"]["items"])
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    errors = data["audits"]["errors-in-console"].get("details", {}).get("items", [])
    sources = sorted({item.get("url") or item.get("description", "") for item in errors})
    scores["failing"] = ", ".join(sorted(failing)[:6]) + (f" ({', '.join(sources)})" if sources else "")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8251)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("npm"):
        raise SystemExit("npm is needed (apt-get install npm).")
    install()
    paths = article_paths()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        workdir = Path(tmp)
        server = serve(args.port, workdir)
        try:
            header = f"{'page':<4} {'run':>3} " + " ".join(f"{name:>14}" for name in CATEGORIES)
            print(header + f" {'weight KB':>10} {'requests':>8}  failing binary audits")
            for language, path in paths.items():
                results = []
                for run in range(1, args.runs + 1):
                    result = lighthouse(f"http://127.0.0.1:{args.port}{path}", workdir)
                    results.append(result)
                    print(
                        f"{language:<4} {run:>3} "
                        + " ".join(f"{result[name]:>14}" for name in CATEGORIES)
                        + f" {result['weight_kb']:>10} {result['requests']:>8}  {result['failing'] or '-'}"
                    )
                if args.runs > 1:
                    median = {key: statistics.median(r[key] for r in results) for key in (*CATEGORIES, "weight_kb")}
                    print(
                        f"{language:<4} {'med':>3} "
                        + " ".join(f"{median[name]:>14}" for name in CATEGORIES)
                        + f" {median['weight_kb']:>10}"
                    )
        finally:
            stop(server)


if __name__ == "__main__":
    main()

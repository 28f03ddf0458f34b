"""Requests per second of the launch article, uncached and cached, against a floor and a ceiling,
in both languages, all measured in this one run (README, "Performance and caching").

    .venv/bin/python bench/requests_per_second.py [--seconds 5] [--connections 16] [--port 8200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cio_perf REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/requests_per_second.py

- uncached: gunicorn (production settings, 2 gthread workers) with PAGE_CACHE_SECONDS=0;
- cached: the same with the page cache on (Redis with REDIS_URL, else the file or database cache);
- floor: a bare `wagtail start` project's welcome page on the same versions and database server,
  served the same way (the issue's floor; bench/_stack.py, WagtailFloor);
- robots: /robots.txt of the site itself (every middleware, no template, no query);
- ceiling: the article's own HTML as a static file, served by nginx (the issue's ceiling);
- proxy: the article through the documented caching proxy (docs/deploy/nginx-cache.conf).

The floor, robots and uncached lines open a connection per request ("Connection: close"): kept alive,
wrk's 16 connections stay with whichever gunicorn worker accepted them, and how they split between
the two workers changed their throughput by 2 x from one run to the next. The cached lines keep
their connections, as a reader's browser and the proxy do.

The database defaults to a SQLite file in $BENCH_DIR (/tmp/cio-bench), created with the launch content.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _stack import WORK, Load, Nginx, Server, WagtailFloor, base_env, get, load, prepare

ARTICLE = {
    "it": "/it/articoli/responsabili-it-nuovo-capo-cliente/",
    "en": "/en/articles/it-leaders-new-boss-customer/",
}
ROBOTS = "/robots.txt"
CLOSE = {"Connection": "close"}


def row(name: str, result: Load, baseline: Load | None = None, baseline_name: str = "") -> str:
    ratio = f"{result.rps / baseline.rps:8.2f} x {baseline_name}" if baseline else ""
    errors = f"  ({result.errors} errors)" if result.errors else ""
    return (
        f"{name:<34} {result.rps:9.0f} req/s  p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  {ratio}{errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--port", type=int, default=8200, help="gunicorn; nginx uses the next one, the floor the one after"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{WORK / 'db.sqlite3'}"
    env = base_env(database_url)
    prepare(env)
    kind = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else ("database" if kind == "PostgreSQL" else "file")
    print(f"{kind}, {cache} cache, {os.cpu_count()} CPUs, {args.connections} connections, {args.seconds:g} s each")
    measure = lambda path, port=args.port, **kw: load(  # noqa: E731
        port, path, seconds=args.seconds, connections=args.connections, **kw
    )
    results: dict[str, Load] = {}

    with WagtailFloor(database_url, args.port + 2):
        results["floor"] = measure("/", port=args.port + 2, headers=CLOSE)

    with Server(env, args.port, PAGE_CACHE_SECONDS="0"):
        for language, path in ARTICLE.items():
            response, html = get(args.port, path)
            assert response.status == 200, (path, response.status)
            (WORK / "html").mkdir(exist_ok=True)
            (WORK / "html" / f"static-copy-{language}.html").write_bytes(html)
        shutil.copy(WORK / "html" / "static-copy-en.html", WORK / "html" / "static-copy.html")
        results["robots"] = measure(ROBOTS, headers=CLOSE)
        for language, path in ARTICLE.items():
            results[f"uncached {language}"] = measure(path, headers=CLOSE)

    # The cached server is configured for the proxy as docs/deploy/nginx-cache.conf says.
    proxy = {"FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{args.port + 1}", "PROXY_CACHE_SECONDS": "86400"}
    with Server(env, args.port, PAGE_CACHE_SECONDS="300", **proxy):
        for language, path in ARTICLE.items():
            get(args.port, path)  # fill the cache
            results[f"cached {language}"] = measure(path)
            results[f"cached {language}, gzip"] = measure(path, headers={"Accept-Encoding": "gzip"})
        if shutil.which("nginx"):
            with Nginx(args.port + 1, args.port):
                results["ceiling: nginx, static file"] = measure("/static-copy.html", port=args.port + 1)
                for language, path in ARTICLE.items():
                    response, _ = get(args.port + 1, path)
                    response, _ = get(args.port + 1, path)
                    assert response.getheader("X-Cache-Status") == "HIT", response.getheader("X-Cache-Status")
                    results[f"proxy {language}"] = measure(path, port=args.port + 1)

    floor, ceiling = results["floor"], results.get("ceiling: nginx, static file")
    print(row("floor: bare Wagtail page", floor))
    print(row("robots.txt of this site", results["robots"], floor, "floor"))
    for language in ARTICLE:
        uncached = results[f"uncached {language}"]
        print(row(f"article {language}, uncached", uncached, floor, "floor"))
        print(row(f"article {language}, page cache", results[f"cached {language}"], uncached, "uncached"))
        print(row(f"article {language}, page cache, gzip", results[f"cached {language}, gzip"], uncached, "uncached"))
        if ceiling:
            print(row(f"article {language}, nginx cache", results[f"proxy {language}"], ceiling, "ceiling"))
    if ceiling:
        print(row("ceiling: nginx, static file", ceiling))


if __name__ == "__main__":
    main()

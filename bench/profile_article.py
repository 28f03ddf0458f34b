"""Where an uncached article's time goes: cProfile over N renders through Django's test client,
production-like settings, the page cache off (README, "Performance and caching").

    .venv/bin/python bench/profile_article.py [--renders 30] [--language en] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _stack import ROOT, WORK, base_env, prepare

ARTICLE = {
    "it": "/it/articoli/responsabili-it-nuovo-capo-cliente/",
    "en": "/en/articles/it-leaders-new-boss-customer/",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--language", default="en", choices=sorted(ARTICLE))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    args = parser.parse_args()
    env = base_env(os.environ.get("DATABASE_URL") or f"sqlite:///{WORK / 'db.sqlite3'}", PAGE_CACHE_SECONDS="0")
    prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    url = ARTICLE[args.language]
    assert client.get(url).status_code == 200
    started = time.perf_counter()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.renders):
        client.get(url)
    profile.disable()
    elapsed = (time.perf_counter() - started) / args.renders * 1000
    print(f"{url}: {elapsed:.1f} ms per render (profiled, {args.renders} renders)")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()

"""How fast is readers' search, with 10 articles and with many? Prints figures, asserts no timings.

Loads the demo, publishes copies of the launch article (every copy holds every word of it, so each
query below matches every article: the worst case for ranking and counting) and times, per language
and query, the search as the view runs it (matching ids, ranked, then the first page of ten hits with
their snippets) against a baseline measured in the same run: Wagtail's database backend as the
search view used it before (`ArticlePage.objects.live().public().search(q)[:50]`, no stemming, both
languages mixed). Also the time to index one article (both languages, infographics rendered).
Runs on a throwaway test database (SQLite, or PostgreSQL's test database when DATABASE_URL is set).

    .venv/bin/python bench/search.py [--sizes 10 200] [--repeat 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cio_site.settings.test")

import django  # noqa: E402

django.setup()

from _stack import demo_test_database  # noqa: E402
from django.db import connection  # noqa: E402

from core.languages import localized, site_languages, value_in  # noqa: E402

# Per language: a word in another form than the copy holds, a common word, a word found nowhere.
QUERIES = {"it": ["responsabile", "cloud", "ornitorinco"], "en": ["leader", "cloud", "platypus"]}


def publish_copies(demo, index, count: int) -> float:
    """Publish `count` copies of the demo article; returns the mean ms to publish and index one."""
    from articles.models import ArticlePage

    copied = ("standfirst", "author", "hero_alt", "body")
    start = time.perf_counter()
    existing = ArticlePage.objects.count()
    for n in range(existing, existing + count):
        fields = {"date": demo.date}
        for language in site_languages():
            fields[localized("title", language)] = f"{value_in(demo, 'title', language)} ({n})"
            fields[localized("slug", language)] = f"{value_in(demo, 'slug', language)}-{n}"
            fields.update({localized(name, language): value_in(demo, name, language) for name in copied})
        page = ArticlePage(**fields)
        index.add_child(instance=page)
        page.save_revision().publish()
    return (time.perf_counter() - start) * 1000 / count


def timed(function, repeat: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 200], help="numbers of articles")
    parser.add_argument("--repeat", type=int, default=15, help="measured runs per query (default 15)")
    args = parser.parse_args()

    with demo_test_database():
        from django.utils import translation

        from articles import search
        from articles.models import ArticleIndexPage, ArticlePage, SearchEntry

        demo = ArticlePage.objects.get()
        index = ArticleIndexPage.objects.get()
        print(f"database: {connection.vendor}; median of {args.repeat} runs after a warm-up")
        print()
        print(
            f"{'articles':>8}  {'lang':<4}  {'query':<13}  {'found':>5}  {'search ms':>9}  "
            f"{'baseline ms':>11}  {'x baseline':>10}  {'baseline found':>14}"
        )
        publish_ms = {}
        for size in sorted(args.sizes):
            missing = size - ArticlePage.objects.count()
            if missing > 0:
                publish_ms[size] = publish_copies(demo, index, missing)
            assert SearchEntry.objects.count() == size * len(site_languages())
            for language in site_languages():
                with translation.override(language):
                    for query in QUERIES[language]:

                        def ours(query=query, language=language):
                            ids = search.matching_ids(query, language)
                            return ids, search.hits(ids[:10], query, language)

                        def baseline(query=query):
                            return list(ArticlePage.objects.live().public().search(query)[:50])

                        found = len(ours()[0])
                        baseline_found = len(baseline())
                        ours_ms, base_ms = timed(ours, args.repeat), timed(baseline, args.repeat)
                        print(
                            f"{size:>8}  {language:<4}  {query:<13}  {found:>5}  {ours_ms:>9.1f}  "
                            f"{base_ms:>11.1f}  {ours_ms / base_ms:>10.2f}  {baseline_found:>14}"
                        )
        print()
        for size, ms in publish_ms.items():
            print(f"publishing one article (both languages, indexed by both searches): {ms:.0f} ms (up to {size})")
        start = time.perf_counter()
        entries = search.rebuild()
        print(f"rebuild_search_index: {entries} entries in {(time.perf_counter() - start):.2f} s")


if __name__ == "__main__":
    main()

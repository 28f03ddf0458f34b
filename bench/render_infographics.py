"""How much do infographic blocks cost an article page? Prints figures, asserts no timings.

Renders an article with 1, 10 and 50 infographic blocks through the full request stack, in
Italian and English, and prints per render: SQL queries, median and min time, and the cost
relative to the 1-block page of the same run. Runs on a throwaway test database (SQLite in
memory, or PostgreSQL's test database when DATABASE_URL is set); db.sqlite3 is never opened.

    .venv/bin/python bench/render_infographics.py [--repeat 15] [--warmup 2]
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
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
)

from core.languages import localized, site_languages, value_in  # noqa: E402

BLOCK_COUNTS = (1, 10, 50)
LANGUAGES = site_languages()
INFOGRAPHIC_TYPES = {"big_number", "then_now", "bars", "sample", "rank"}
MARKER = '<figure class="infographic'


def body_with(stream_value, count: int) -> list[dict]:
    """`count` infographic blocks cycling through the demo body's own ones, plus one paragraph."""
    infographics = [
        # Without "id" Wagtail assigns fresh block ids, as if an editor had added the blocks.
        {"type": item["type"], "value": item["value"]}
        for item in stream_value.raw_data
        if item["type"] in INFOGRAPHIC_TYPES
    ]
    blocks = [infographics[i % len(infographics)] for i in range(count)]
    return [{"type": "paragraph", "value": "<p>Benchmark.</p>"}, *blocks]


def block_types(page, language: str) -> set[str]:
    return {item["type"] for item in value_in(page, "body", language).raw_data} & INFOGRAPHIC_TYPES


def build_articles(demo, index) -> dict:
    from articles.models import ArticlePage

    pages = {}
    copied = ("standfirst", "author", "hero_alt")
    for count in BLOCK_COUNTS:
        fields = {"date": demo.date, "hero_image": demo.hero_image}
        for language in LANGUAGES:
            fields[localized("title", language)] = f"{value_in(demo, 'title', language)} ({count})"
            fields[localized("slug", language)] = f"{value_in(demo, 'slug', language)}-{count}"
            fields[localized("body", language)] = body_with(value_in(demo, "body", language), count)
            fields.update({localized(name, language): value_in(demo, name, language) for name in copied})
        # The page stores its base columns in its own language (TranslatablePage).
        page = ArticlePage(**fields)
        index.add_child(instance=page)
        page.save_revision().publish()
        pages[count] = ArticlePage.objects.get(pk=page.pk)
    return pages


def measure(client: Client, url: str, count: int, repeat: int, warmup: int) -> tuple[list[float], int | str]:
    """Render times in ms and queries per render; checks every render drew `count` infographics."""
    cache.clear()  # cold start for the warm-up only; the measured renders see a warm cache, as in production
    times, queries = [], set()
    for i in range(warmup + repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        drawn = response.content.decode().count(MARKER)
        assert drawn == count, f"{url}: {drawn} infographics drawn, expected {count}"
        if i >= warmup:
            times.append(elapsed)
            queries.add(len(captured.captured_queries))
    # Same page, same warm cache: the query count should not vary; show the spread if it does.
    return times, max(queries) if len(queries) == 1 else f"{min(queries)}-{max(queries)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="measured renders per page (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured renders first (default 2)")
    args = parser.parse_args()

    with demo_test_database():
        from articles.models import ArticleIndexPage, ArticlePage

        demo = ArticlePage.objects.get()  # the launch article, the demo's only one
        pages = build_articles(demo, ArticleIndexPage.objects.get())

        print(f"database: {connection.vendor}; {args.repeat} renders after {args.warmup} warm-ups")
        for language in LANGUAGES:
            print(f"{language} pages: {pages[1].get_url_in(language)} (and -10, -50)")
        print()
        print(
            f"{'language':<8}  {'blocks':>6}  {'queries':>7}  {'median ms':>9}  {'min ms':>7}"
            f"  {'x baseline':>10}  {'ms/extra block':>14}"
        )
        verdicts = []
        client = Client()
        all_types = block_types(pages[max(BLOCK_COUNTS)], LANGUAGES[0])
        for language in LANGUAGES:
            rows = {}
            for count, page in pages.items():
                rows[count] = measure(client, page.get_url_in(language), count, args.repeat, args.warmup)
            base = statistics.median(rows[1][0])
            for count, (times, queries) in rows.items():
                median = statistics.median(times)
                extra = f"{(median - base) / (count - 1):.2f}" if count > 1 else "-"
                print(
                    f"{language:<8}  {count:>6}  {queries:>7}  {median:>9.1f}  {min(times):>7.1f}"
                    f"  {median / base:>10.2f}  {extra:>14}"
                )
            constant = len({queries for _times, queries in rows.values()}) == 1
            # A page with fewer block types can need fewer queries without any per-block cost (the
            # 1-block page's sample block has no figure values or correction notes to load): also
            # compare only the pages that hold every type, where growth can only come from the count.
            full = [count for count, page in pages.items() if block_types(page, language) == all_types]
            same_types = len({rows[count][1] for count in full}) == 1
            verdicts.append(
                f"{language}: queries constant across {'/'.join(map(str, BLOCK_COUNTS))} blocks: "
                f"{'yes' if constant else 'no'} (across {'/'.join(map(str, full))}, which hold all "
                f"{len(all_types)} block types: {'yes' if same_types else 'no'})"
            )
        print()
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()

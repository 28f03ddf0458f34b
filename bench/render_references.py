"""What do figure references in the prose cost an article page? Prints figures, asserts no timings.

Publishes pages whose Italian and English bodies hold 1, 10 or 50 paragraphs, each citing two
figures as references (`<embed embedtype="figure">`), and, as the baseline measured in the same run,
the same paragraphs with the numbers typed by hand. Renders each through the full request stack in
both languages and prints SQL queries, median and min time, and cited/typed. Throwaway test
database (SQLite in memory, or PostgreSQL's test database when DATABASE_URL is set).

    .venv/bin/python bench/render_references.py [--repeat 15] [--warmup 2]
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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.languages import localized, site_languages  # noqa: E402

COUNTS = (1, 10, 50)
LANGUAGES = site_languages()


def paragraphs(count: int, cloud, mobile, *, cited: bool) -> list[dict]:
    if cited:
        text = (
            f'<p>Il <embed embedtype="figure" id="{cloud.pk}" wave="today" form="value"/> e '
            f'<embed embedtype="figure" id="{mobile.pk}" wave="2009" form="value"/>.</p>'
        )
    else:
        text = "<p>Il 64% e 68%.</p>"
    return [{"type": "paragraph", "value": text} for _ in range(count)]


def build(index, cloud, mobile) -> dict:
    from articles.models import ArticlePage

    pages = {}
    for cited in (False, True):
        for count in COUNTS:
            name = f"{'cited' if cited else 'typed'}-{count}"
            fields = {}
            for language in LANGUAGES:
                fields[localized("title", language)] = name
                fields[localized("slug", language)] = name
                fields[localized("body", language)] = paragraphs(count, cloud, mobile, cited=cited)
            page = ArticlePage(**fields)
            index.add_child(instance=page)
            page.save_revision().publish()
            pages[(cited, count)] = ArticlePage.objects.get(pk=page.pk)
    return pages


def measure(client, url, expected_data, repeat, warmup):
    cache.clear()
    times, queries = [], set()
    for i in range(warmup + repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, url
        drawn = response.content.decode().count("<data value=")
        assert drawn == expected_data, f"{url}: {drawn} <data>, expected {expected_data}"
        if i >= warmup:
            times.append(elapsed)
            queries.add(len(captured.captured_queries))
    return times, max(queries) if len(queries) == 1 else f"{min(queries)}-{max(queries)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    with demo_test_database():
        from articles.models import ArticleIndexPage
        from stats.models import Figure

        cloud, mobile = Figure.objects.get(key="cloud-computing"), Figure.objects.get(key="mobile-social")
        pages = build(ArticleIndexPage.objects.get(), cloud, mobile)
        client = Client()
        print(f"database: {connection.vendor}; {args.repeat} renders after {args.warmup} warm-ups")
        print(
            f"{'language':<8}  {'paragraphs':>10}  {'refs':>4}  {'queries typed':>13}  {'queries cited':>13}"
            f"  {'typed ms':>8}  {'cited ms':>8}  {'cited/typed':>11}"
        )
        verdicts = []
        for language in LANGUAGES:
            cited_queries = set()
            for count in COUNTS:
                typed_times, typed_q = measure(
                    client, pages[(False, count)].get_url_in(language), 0, args.repeat, args.warmup
                )
                cited_times, cited_q = measure(
                    client, pages[(True, count)].get_url_in(language), 2 * count, args.repeat, args.warmup
                )
                cited_queries.add(cited_q)
                typed_ms, cited_ms = statistics.median(typed_times), statistics.median(cited_times)
                print(
                    f"{language:<8}  {count:>10}  {2 * count:>4}  {typed_q!s:>13}  {cited_q!s:>13}"
                    f"  {typed_ms:>8.1f}  {cited_ms:>8.1f}  {cited_ms / typed_ms:>11.2f}"
                )
            verdicts.append(
                f"{language}: queries constant across {'/'.join(map(str, COUNTS))} paragraphs with references: "
                f"{'yes' if len(cited_queries) == 1 else 'no'}"
            )
        print()
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()

"""Costs at 10 and at 10,000 articles (both languages), and at 1, 20 and 100 infographics, in one run.

    .venv/bin/python bench/scale.py [--articles 10000] [--repeat 15] [--index]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cio_perf .venv/bin/python bench/scale.py

Each page is rendered uncached (PAGE_CACHE_SECONDS=0) through Django's test client with the
production settings; the figure is the median of --repeat renders, with its query count. The ratio
column is the cost at 10,000 articles over the cost at 10 (target: at most 1.5).

Articles are generated in bulk (rows written directly, as a data import would): 10,000 in both
languages take seconds, not the hour the page-by-page API would. With --index they are also added to
Wagtail's search index, so that search has them all to look through.
The database defaults to a SQLite file of its own in $BENCH_DIR (/tmp/cio-bench/scale.sqlite3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))

from _stack import ROOT, WORK, base_env, prepare


def setup_django(database_url: str) -> None:
    env = base_env(database_url, PAGE_CACHE_SECONDS="0")
    prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate_articles(total: int) -> float:
    """Articles in both languages under the index until there are `total`; returns the seconds taken."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from articles.models import ArticleIndexPage, ArticlePage
    from core.languages import localized, site_languages

    index = ArticleIndexPage.objects.get()
    existing = ArticlePage.objects.child_of(index).count()
    if existing >= total:
        return 0.0
    started = time.perf_counter()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    body_field = {language: ArticlePage._meta.get_field(localized("body", language)) for language in site_languages()}
    last = index.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    words = {"it": ("Articolo", "articolo", "Testo dell'articolo"), "en": ("Article", "article", "Article text")}
    pages, details = [], []
    for n in range(existing, total):
        step += 1
        fields = {"path": Page._get_path(index.path, index.depth + 1, step), "depth": index.depth + 1}
        for language in site_languages():
            title, slug, _text = words.get(language, words["en"])
            fields[localized("title", language)] = f"{title} {n}"
            fields[localized("slug", language)] = f"{slug}-{n}"
            fields[localized("url_path", language)] = f"{getattr(index, localized('url_path', language))}{slug}-{n}/"
        stored = site_languages()[0]
        fields.update(
            title=fields[localized("title", stored)],
            draft_title=fields[localized("title", stored)],
            slug=fields[localized("slug", stored)],
            url_path=fields[localized("url_path", stored)],
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            translation_key=uuid.uuid4(),
            locale_id=index.locale_id,
        )
        pages.append(Page(**fields))
        detail = ArticlePage(date=now.date(), author="Bench")
        for language in site_languages():
            _title, _slug, text = words.get(language, words["en"])
            setattr(detail, localized("standfirst", language), f"{text} {n}.")
            setattr(
                detail,
                localized("body", language),
                body_field[language].to_python(
                    [{"type": "paragraph", "value": f"<p>{text} {n}.</p>", "id": str(uuid.uuid4())}]
                ),
            )
        details.append(detail)
    with transaction.atomic():
        for start in range(0, len(pages), 500):
            created = Page.objects.bulk_create(pages[start : start + 500])
            batch = details[start : start + 500]
            for page, detail in zip(created, batch, strict=True):
                detail.page_ptr_id = page.pk
            ArticlePage.objects._insert(batch, fields=ArticlePage._meta.local_concrete_fields, raw=True)
        Page.objects.filter(pk=index.pk).update(numchild=total)
    return time.perf_counter() - started


def index_articles() -> float:
    from wagtail.search.backends import get_search_backend

    from articles.models import ArticlePage

    started = time.perf_counter()
    backend = get_search_backend()
    pages = list(ArticlePage.objects.all())
    for start in range(0, len(pages), 500):
        backend.add_bulk(ArticlePage, pages[start : start + 500])
    return time.perf_counter() - started


def measure(urls: dict[str, str], repeat: int) -> dict[str, tuple[float, int]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # Wagtail's cached site root paths, after the bulk writes
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = (statistics.median(timings), len(queries))
    return results


def urls_for(count: int) -> dict[str, str]:
    from articles.models import ArticleIndexPage

    per_page = ArticleIndexPage.per_page
    last_page = max(1, -(-count // per_page))
    return {
        "article (launch), en": "/en/articles/it-leaders-new-boss-customer/",
        "article (launch), it": "/it/articoli/responsabili-it-nuovo-capo-cliente/",
        "home, en": "/en/",
        "index, first page, it": "/it/articoli/",
        "index, last page, it": f"/it/articoli/?page={last_page}",
        "sitemap index": "/sitemap.xml",
        "sitemap, first section": "/sitemap-pages.xml",
        "search 'cloud', en": "/en/search/?q=cloud",
    }


def infographic_queries(repeat: int) -> None:
    """An article with 1, 20 and 100 infographics (every kind in turn): render time and queries."""
    import itertools

    from django.utils import translation

    from articles.models import ArticleIndexPage, ArticlePage
    from stats.blocks import INFOGRAPHIC_BLOCKS

    launch = ArticlePage.objects.get(slug_en="it-leaders-new-boss-customer")
    names = {name for name, _block in INFOGRAPHIC_BLOCKS}
    kinds = [item for item in launch.body_en.raw_data if item["type"] in names]
    index = ArticleIndexPage.objects.get()
    urls = {}
    for count in (1, 20, 100):
        slug = f"bench-infographics-{count}"
        page = ArticlePage.objects.filter(slug_en=slug).first()
        if page is None:
            blocks = [
                {"type": item["type"], "value": item["value"]}
                for item in itertools.islice(itertools.cycle(kinds), count)
            ]
            with translation.override("it"):
                page = ArticlePage(
                    title=f"Infografiche {count}",
                    title_it=f"Infografiche {count}",
                    slug=f"infografiche-{count}",
                    slug_it=f"infografiche-{count}",
                    title_en=f"Infographics {count}",
                    slug_en=slug,
                    body_it=blocks,
                    body_en=blocks,
                )
                index.add_child(instance=page)
                page.save_revision().publish()
        urls[f"{count} infographics"] = f"/en/articles/{slug}/"
    results = measure(urls, repeat)
    base = results["1 infographics"][0]
    print("\nInfographics in one article (English, uncached):")
    for name, (ms, queries) in results.items():
        print(f"  {name:<22} {ms:8.1f} ms  {queries:3d} queries  {ms / base:6.2f} x one")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--index", action="store_true", help="add the generated articles to the search index")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{WORK / 'scale.sqlite3'}"
    if database_url.startswith("sqlite") and (WORK / "scale.sqlite3").exists():
        (WORK / "scale.sqlite3").unlink()  # a fresh database: the run starts at ten articles
    setup_django(database_url)
    from articles.models import ArticlePage

    seconds = generate_articles(10)
    if args.index:
        index_articles()
    few = measure(urls_for(ArticlePage.objects.count()), args.repeat)
    seconds = generate_articles(args.articles)
    total = ArticlePage.objects.count()
    print(f"Generated {total - 10} articles in both languages in {seconds:.1f} s", end="")
    if args.index:
        print(f"; indexed for search in {index_articles():.1f} s", end="")
    print()
    many = measure(urls_for(total), args.repeat)
    print(f"\nUncached, median of {args.repeat}: 10 articles vs {total} articles")
    for name in few:
        (ms_few, q_few), (ms_many, q_many) = few[name], many[name]
        cost = f"{ms_few:7.1f} ms {q_few:3d} q  | {ms_many:7.1f} ms {q_many:3d} q"
        print(f"  {name:<26} {cost}  | {ms_many / ms_few:5.2f} x")
    infographic_queries(args.repeat)


if __name__ == "__main__":
    main()

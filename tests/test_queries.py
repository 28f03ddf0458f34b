"""An uncached page costs a fixed number of queries, whatever the number of infographics in it or of
articles beside it (bench/scale.py prints the counts up to 10,000)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage
from stats.blocks import INFOGRAPHIC_BLOCKS
from tests.factories import article_form_data, article_with_blocks, make_article

pytestmark = pytest.mark.django_db

# The target. The launch article costs 9 today (README, "Performance and caching"): routing 5
# (site, root page, slug lookup, the page, view restrictions), its figures, their values and the
# surveys' waves 3 (infographics, figure references and metadata share them), correction notes 1;
# the link to the article index is kept under the page cache's generation.
ARTICLE_MAX_QUERIES = 12


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


def count_queries(client, url) -> int:
    client.get(url)  # Wagtail's site root paths and content types are cached after the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def infographics(demo, count: int) -> list[dict]:
    """`count` infographic blocks, every kind the launch article uses, in turn."""
    names = {name for name, _block in INFOGRAPHIC_BLOCKS}
    kinds = [item for item in demo["article"].body_en.raw_data if item["type"] in names]
    assert len({item["type"] for item in kinds}) >= 4
    return [{"type": item["type"], "value": item["value"]} for item in itertools.islice(itertools.cycle(kinds), count)]


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_launch_article_in_at_most_12_queries(client, demo, language):
    url = demo["article"].get_url_in(language)
    assert count_queries(client, url) <= ARTICLE_MAX_QUERIES


@pytest.mark.parametrize("language", ["it", "en"])
def test_queries_do_not_grow_with_the_number_of_infographics(client, demo, language):
    counts = {}
    for count in (1, 20, 100):
        page = article_with_blocks(demo["index"], infographics(demo, count), slug=f"many-{count}", publish=False)
        html = client.get(page.get_url_in(language)).content.decode()
        assert html.count('<figure class="infographic') == count
        counts[count] = count_queries(client, page.get_url_in(language))
    assert max(counts.values()) <= ARTICLE_MAX_QUERIES, counts
    # One infographic loads one kind of figure; 20 and 100 load every kind: the same queries.
    assert counts[1] <= counts[20] == counts[100], counts


@pytest.mark.parametrize("language", ["it", "en"])
def test_queries_do_not_grow_with_the_number_of_figure_references(client, demo, language):
    """Numbers cited in the prose come with the infographics' figures: 1, 20 or 100 paragraphs
    citing figures (five in turn) cost the same queries."""
    from stats.models import Figure

    figures = list(Figure.objects.filter(unit="percent", observations__wave__key="today").distinct()[:5])
    assert len(figures) >= 2
    counts = {}
    for count in (1, 20, 100):
        cite = '<p><embed embedtype="figure" id="{}" wave="today" form="value"/></p>'
        paragraphs = [{"type": "paragraph", "value": cite.format(figures[n % len(figures)].pk)} for n in range(count)]
        page = article_with_blocks(demo["index"], paragraphs, slug=f"cites-{count}", publish=False)
        html = client.get(page.get_url_in(language)).content.decode()
        assert html.count("<data value=") == count
        counts[count] = count_queries(client, page.get_url_in(language))
    assert counts[1] <= counts[20] == counts[100] <= ARTICLE_MAX_QUERIES, counts


def test_the_editor_opens_and_saves_a_body_in_queries_that_do_not_grow_with_its_blocks(admin_client, demo):
    """Every block of a body asks for the same waves and figures, on opening (its form) and on saving
    (its checks): the editor reads them once per request (core.memo), not once per block."""
    from stats.models import Figure

    figure = Figure.objects.filter(unit="percent", observations__wave__key="today").first()
    cite = {
        "type": "paragraph",
        "value": f'<p><embed embedtype="figure" id="{figure.pk}" wave="today" form="value"/></p>',
    }
    counts = {}
    for count in (10, 40):
        page = article_with_blocks(demo["index"], infographics(demo, count) + [cite] * count, slug=f"edit-{count}")
        url = f"/admin/pages/{page.pk}/edit/"
        admin_client.get(url)
        with CaptureQueriesContext(connection) as opened:
            assert admin_client.get(url).status_code == 200
        data = article_form_data(page)
        with CaptureQueriesContext(connection) as saved:
            assert admin_client.post(url, data).status_code == 302
        counts[count] = {"open": len(opened), "save": len(saved)}
    assert counts[10] == counts[40], counts


def test_queries_do_not_grow_with_the_number_of_articles(client, demo):
    index = demo["index"]
    home_it, index_en, feed_it = "/it/", "/en/articles/", "/it/feed/"
    article_en = demo["article"].get_url_in("en")
    few = {url: count_queries(client, url) for url in (home_it, index_en, article_en, feed_it)}
    assert ArticlePage.objects.count() < 20
    # Enough to fill the feed (20) and the home page's list twice over, on five pages of the index.
    # Live pages without revisions: listing and routing read the pages, not their history.
    many_articles = 45
    for n in range(many_articles):
        make_article(
            index,
            it={"title": f"Articolo {n}", "slug": f"articolo-{n}"},
            en={"title": f"Article {n}", "slug": f"article-{n}"},
            publish=False,
        )
    last_page = (ArticlePage.objects.count() + index.specific.per_page - 1) // index.specific.per_page
    many = {url: count_queries(client, url) for url in (home_it, index_en, article_en, feed_it)}
    assert many == few
    assert count_queries(client, f"{index_en}?page={last_page}") == few[index_en]
    # An article deep in the list is routed in as many queries as the first one.
    assert count_queries(client, f"/en/articles/article-{many_articles - 1}/") <= ARTICLE_MAX_QUERIES


@pytest.mark.parametrize(
    "url",
    [
        "/en/articles/no-such-article/",
        "/it/articoli/" + "a/" * 40,
        "/en/articles/it-leaders-new-boss-customer/extra/",
    ],
)
def test_urls_that_are_not_pages_are_404s_in_a_few_queries(client, demo, url):
    # What every page shares (the link to the index, Wagtail's site root paths) is kept after the
    # site's first page view in a language, as on a running site; another 404 warms it.
    assert client.get(f"/{url.split('/')[1]}/not-a-page/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 404
    assert len(queries) <= 4, [q["sql"][:80] for q in queries]  # site, root page, routing; redirects

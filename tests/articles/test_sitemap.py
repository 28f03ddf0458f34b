"""Search engines get every page in each language it exists in, with its alternates."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, make_article

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_files(client) -> list[str]:
    """/sitemap.xml is an index of sitemap files (so that none exceeds 50,000 URLs)."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    return [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]


def sitemap(client) -> dict:
    entries = {}
    for url in sitemap_files(client):
        root = ET.fromstring(client.get(url.removeprefix("http://testserver")).content)
        for entry in root.findall("s:url", NS):
            links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
            entries[entry.find("s:loc", NS).text] = links
    return entries


def test_sitemap_lists_both_languages_with_alternates_and_x_default(client, demo):
    entries = sitemap(client)
    it, en = f"http://testserver/it/articoli/{ARTICLE_IT_SLUG}/", f"http://testserver/en/articles/{ARTICLE_EN_SLUG}/"
    assert entries[it] == entries[en] == {"it": it, "en": en, "x-default": it}
    # The home page's x-default is the bare "/", which picks the reader's language, as in the page.
    assert entries["http://testserver/en/"]["x-default"] == "http://testserver/"
    for url in (
        "http://testserver/it/",
        "http://testserver/en/",
        "http://testserver/it/articoli/",
        "http://testserver/en/articles/",
    ):
        assert url in entries


def test_sitemap_leaves_out_missing_translations(client, demo):
    make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo-italiano"}, day=date(2026, 1, 2))
    entries = sitemap(client)
    only_italian = "http://testserver/it/articoli/solo-italiano/"
    assert entries[only_italian] == {"it": only_italian, "x-default": only_italian}
    assert not any("solo-italiano" in url for url in entries if url.startswith("http://testserver/en/"))


def test_a_large_site_splits_its_sitemap_under_an_index(client, demo, monkeypatch):
    from articles.views import PageSitemap

    # Two pages per file instead of 25,000: the three demo pages (home, index, article) need two.
    monkeypatch.setattr(PageSitemap, "limit", 2)
    files = sitemap_files(client)
    assert len(files) == 2
    assert len(sitemap(client)) == 6  # three pages in two languages, none lost between files


def test_robots_points_to_the_sitemap(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /admin/" in text


def lastmods(client) -> dict:
    dates = {}
    for url in sitemap_files(client):
        root = ET.fromstring(client.get(url.removeprefix("http://testserver")).content)
        for entry in root.findall("s:url", NS):
            dates[entry.find("s:loc", NS).text] = entry.find("s:lastmod", NS).text
    return dates


def test_a_corrected_figure_makes_the_citing_article_newer_in_the_sitemap(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    """A figure the article cites is corrected after the article's last publication: search engines
    are told the article changed, in both languages, as its JSON-LD and the feeds say; a page that
    cites nothing keeps its date."""
    from datetime import UTC, datetime

    from django.utils import timezone

    from articles.models import ArticlePage
    from stats.models import Figure
    from tests.factories import figure_form_data, observation_rows

    urls = [f"http://testserver/it/articoli/{ARTICLE_IT_SLUG}/", f"http://testserver/en/articles/{ARTICLE_EN_SLUG}/"]
    ArticlePage.objects.filter(pk=demo["article"].pk).update(last_published_at=datetime(2026, 1, 5, 9, tzinfo=UTC))
    before = lastmods(client)
    assert [before[url] for url in urls] == ["2026-01-05", "2026-01-05"]

    cloud = Figure.objects.get(key="cloud-computing")
    data = figure_form_data(cloud, observations=observation_rows(cloud, today={"value": "65"}), publish=True)
    with django_capture_on_commit_callbacks(execute=True):  # the publish purges the cached sitemap
        assert admin_client.post(f"/admin/snippets/stats/figure/edit/{cloud.pk}/", data).status_code == 302

    after = lastmods(client)
    today = timezone.localdate().isoformat()
    assert [after[url] for url in urls] == [today, today]
    assert after["http://testserver/en/"] == before["http://testserver/en/"]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.find("s:sitemap/s:lastmod", NS).text.startswith(today)

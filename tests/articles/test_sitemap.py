"""Search engines get every page in each language it exists in, with its alternates."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, make_article

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_both_languages_with_alternates(client, demo):
    entries = sitemap(client)
    it, en = f"http://testserver/it/articoli/{ARTICLE_IT_SLUG}/", f"http://testserver/en/articles/{ARTICLE_EN_SLUG}/"
    assert entries[it] == entries[en] == {"it": it, "en": en}
    for url in ("http://testserver/it/", "http://testserver/en/", "http://testserver/it/articoli/", "http://testserver/en/articles/"):
        assert url in entries


def test_sitemap_leaves_out_missing_translations(client, demo):
    make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo-italiano"}, day=date(2026, 1, 2))
    entries = sitemap(client)
    assert entries["http://testserver/it/articoli/solo-italiano/"] == {"it": "http://testserver/it/articoli/solo-italiano/"}
    assert not any("solo-italiano" in url for url in entries if url.startswith("http://testserver/en/"))


def test_robots_points_to_the_sitemap(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /admin/" in text

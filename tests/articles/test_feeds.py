"""An Atom feed per language: that language's articles and copy only, linked from every page."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, make_article

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(root) -> dict:
    return {
        entry.find("a:title", ATOM).text: {
            "link": entry.find("a:link", ATOM).get("href"),
            "summary": (entry.find("a:summary", ATOM).text or ""),
            "id": entry.find("a:id", ATOM).text,
            "author": entry.find("a:author/a:name", ATOM).text,
            "updated": entry.find("a:updated", ATOM).text,
            "published": entry.find("a:published", ATOM).text,
        }
        for entry in root.findall("a:entry", ATOM)
    }


def test_each_language_has_its_feed_of_its_own_copy(client, demo):
    it, en = feed(client, "/it/feed/"), feed(client, "/en/feed/")
    assert it.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"
    assert en.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert it.find("a:title", ATOM).text == "Osservatorio CIO"
    assert en.find("a:title", ATOM).text == "CIO Observatory"
    ((it_title, it_entry),) = entries(it).items()
    ((en_title, en_entry),) = entries(en).items()
    assert it_title == "I responsabili IT hanno un nuovo capo: il cliente"
    assert en_title == "IT leaders have a new boss: the customer"
    assert it_entry["link"] == f"http://testserver/it/articoli/{ARTICLE_IT_SLUG}/"
    assert en_entry["link"] == f"http://testserver/en/articles/{ARTICLE_EN_SLUG}/"
    assert "CIO" in it_entry["summary"] and it_entry["summary"] != en_entry["summary"]
    assert it_entry["id"] != en_entry["id"]
    assert en.find("a:link[@rel='self']", ATOM).get("href") == "http://testserver/en/feed/"


def test_a_feed_leaves_out_articles_missing_its_language_and_lists_newest_first(client, demo):
    make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo"}, day=date(2026, 2, 1))
    make_article(
        demo["index"],
        it={"title": "Più recente", "slug": "recente"},
        en={"title": "Newer", "slug": "newer"},
        day=date(2027, 1, 1),
    )
    it_titles = list(entries(feed(client, "/it/feed/")))
    en_titles = list(entries(feed(client, "/en/feed/")))
    assert it_titles[0] == "Più recente" and "Solo italiano" in it_titles
    assert en_titles[0] == "Newer" and "Solo italiano" not in en_titles and len(en_titles) == 2


def test_feed_copy_is_escaped_xml(client, demo):
    make_article(demo["index"], it={"title": "A <b> & </feed>", "slug": "escape"}, day=date(2026, 2, 1))
    assert "A <b> & </feed>" in entries(feed(client, "/it/feed/"))


def test_the_feed_refuses_unsafe_methods(client, demo):
    assert client.post("/it/feed/").status_code == 405

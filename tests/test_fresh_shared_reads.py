"""What the uncached article now reads once and shares (the link to the article index, kept under
the page cache's generation; the correction notes, shared with dateModified) is never stale: a
renamed index slug is linked at once, and a published figure change that adds a note is the
citing article's dateModified and its feed entry's updated, in both languages."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from articles.models import ArticleIndexPage
from stats.models import Correction, Figure
from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, figure_form_data, observation_rows

pytestmark = pytest.mark.django_db

URLS = {"it": f"/it/articoli/{ARTICLE_IT_SLUG}/", "en": f"/en/articles/{ARTICLE_EN_SLUG}/"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def nav_links(html: str) -> list[str]:
    """Where the masthead's and the footer's "Articles"/"Articoli" links point."""
    return re.findall(r'<li><a href="([^"]+)"(?: aria-current="page")?>(?:Articles|Articoli)</a></li>', html)


def news_article(html: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(item for item in json.loads(script)["@graph"] if item["@type"] == "NewsArticle")


def og_modified(html: str) -> str:
    return re.search(r'<meta property="article:modified_time" content="([^"]+)">', html).group(1)


def feed_updated(client, language: str, title: str) -> str:
    root = ET.fromstring(client.get(f"/{language}/feed/").content)
    for entry in root.findall("a:entry", ATOM):
        if entry.find("a:title", ATOM).text == title:
            return entry.find("a:updated", ATOM).text
    raise AssertionError(f"no entry {title!r}")


def same_second(text: str, when: datetime) -> bool:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()) == int(when.timestamp())


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
def test_a_renamed_index_slug_is_linked_at_once_in_both_languages(client, demo, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    for language, url in URLS.items():
        for _ in range(2):  # the second read takes the remembered link (and, cached, the page)
            html = client.get(url).content.decode()
            assert nav_links(html) == [f"/{language}/{'articoli' if language == 'it' else 'articles'}/"] * 2
    index = ArticleIndexPage.objects.get()
    index.slug_it, index.slug_en = "storie", "stories"
    index.save_revision().publish()
    for language, new in (("it", "/it/storie/"), ("en", "/en/stories/")):
        article = client.get(URLS[language].replace("/articoli/", "/storie/").replace("/articles/", "/stories/"))
        assert article.status_code == 200
        assert nav_links(article.content.decode()) == [new, new]
        # Every page links the index where it is now: the home page and a 404 too.
        assert nav_links(client.get(f"/{language}/").content.decode()) == [new, new]
        assert nav_links(client.get(f"/{language}/no-such-page/").content.decode()) == [new, new]


def test_an_unpublished_index_is_no_longer_linked(client, demo):
    assert nav_links(client.get(URLS["en"]).content.decode())
    ArticleIndexPage.objects.get().unpublish()
    assert nav_links(client.get("/en/").content.decode()) == []


@pytest.fixture
def editor(admin_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    return client


def test_a_correction_note_is_the_articles_date_modified_and_feed_update_in_both_languages(
    client, editor, demo, django_capture_on_commit_callbacks
):
    article = demo["article"]
    titles = {"it": article.title_it, "en": article.title_en}
    for language, url in URLS.items():
        html = client.get(url).content.decode()
        assert same_second(news_article(html)["dateModified"], article.last_published_at)
        assert same_second(feed_updated(client, language, titles[language]), article.last_published_at)
    figure = Figure.objects.get(key="cloud-computing")
    data = figure_form_data(figure, observations=observation_rows(figure, today={"value": "65"}))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/snippets/stats/figure/edit/{figure.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    note = Correction.objects.get()
    assert note.changed_at > article.last_published_at
    for language, url in URLS.items():
        html = client.get(url).content.decode()
        assert 'class="corrections"' in html  # the note readers see under the body
        ld = news_article(html)
        assert same_second(ld["dateModified"], note.changed_at), language
        assert same_second(ld["datePublished"], article.first_published_at)
        assert same_second(og_modified(html), note.changed_at), language
        assert same_second(feed_updated(client, language, titles[language]), note.changed_at), language


def test_a_typo_fix_changes_neither_date(client, editor, demo, django_capture_on_commit_callbacks):
    article = demo["article"]
    figure = Figure.objects.get(key="cloud-computing")
    data = figure_form_data(
        figure, observations=observation_rows(figure, today={"value": "65"}), correction_is_typo="on"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(f"/admin/snippets/stats/figure/edit/{figure.pk}/", data).status_code == 302
    assert Correction.objects.get().is_typo
    for language, url in URLS.items():
        html = client.get(url).content.decode()
        assert "<td>65%</td>" in html and 'class="corrections"' not in html
        assert same_second(news_article(html)["dateModified"], article.last_published_at), language
        assert same_second(
            feed_updated(client, language, getattr(article, f"title_{language}")), article.last_published_at
        )


def test_saving_a_site_purges_what_was_kept(client, demo):
    """A site's hostname, port and root page are in every page's links: saving it purges the pages
    and the kept link to the index, as a publish does."""
    from wagtail.models import Site

    from core import page_cache

    client.get(URLS["en"])
    before = page_cache.current_generation()
    site = Site.objects.get()
    site.port = 8080
    site.save()
    assert page_cache.current_generation() != before

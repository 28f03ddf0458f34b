"""The page cache (core/page_cache.py): readers get pages from the shared cache, and never a stale
one after a publish, an unpublish, a move, a deletion or a figure edit returns, in either language.

Run with the cache the environment configures: local memory by default, Redis and PostgreSQL when
REDIS_URL and DATABASE_URL are set (README, "Performance and caching"); tests/test_page_cache_redis.py
runs the purge path on Redis explicitly.
"""

import gzip
import re

import pytest
from django.test import override_settings

from stats.models import Figure
from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, article_form_data, figure_form_data, observation_rows

pytestmark = pytest.mark.django_db

URLS = {"it": f"/it/articoli/{ARTICLE_IT_SLUG}/", "en": f"/en/articles/{ARTICLE_EN_SLUG}/"}
INDEX = {"it": "/it/articoli/", "en": "/en/articles/"}
HOME = {"it": "/it/", "en": "/en/"}


def title_of(response) -> str:
    return re.search(r'<h1 class="article__title">(.*?)</h1>', response.content.decode(), re.S).group(1)


def warm(client, *urls):
    """Read each URL twice: the second read must come from the cache."""
    for url in urls:
        assert client.get(url).status_code == 200
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url


@pytest.fixture
def editor(admin_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    return client


# --- Served from the cache -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_second_read_is_a_hit_with_the_same_page(client, demo, language):
    first = client.get(URLS[language])
    second = client.get(URLS[language])
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    assert second["Content-Language"] == language
    assert f'<html lang="{language}">' in second.content.decode()
    # Security headers are on cached pages too.
    assert "Content-Security-Policy" in second and second["X-Content-Type-Options"] == "nosniff"


def test_languages_are_cached_apart(client, demo):
    warm(client, URLS["it"], URLS["en"])
    assert title_of(client.get(URLS["it"])) != title_of(client.get(URLS["en"]))


def test_cache_busting_query_strings_share_the_entry(client, demo):
    warm(client, URLS["en"])
    for query in ("?utm_source=x", "?v=123", "?fbclid=abc&x=1"):
        response = client.get(URLS["en"] + query)
        assert response["X-Page-Cache"] == "hit", query


def test_a_page_number_the_page_does_not_read_is_never_stored(client, demo):
    for number in range(1, 4):
        response = client.get(f"{URLS['en']}?page={number}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # served, not stored
    assert "X-Page-Cache" not in client.get(f"{URLS['en']}?page=2")


def test_the_index_is_cached_per_page_number_and_bad_numbers_are_404s(client, demo):
    warm(client, INDEX["en"], f"{INDEX['en']}?page=1")
    assert client.get(f"{INDEX['en']}?page=01")["X-Page-Cache"] == "hit"  # the same page
    for bad in ("abc", "0", "99999999999999", "-1"):
        response = client.get(f"{INDEX['en']}?page={bad}")
        assert response.status_code == 404, bad
        assert "X-Page-Cache" not in response


def test_unknown_language_and_missing_pages_are_not_stored(client, demo):
    for url in ("/xx/articles/", "/en/no-such-page/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize("language", ["it", "en"])
def test_editors_never_read_or_fill_the_cache(client, editor, demo, language):
    page = editor.get(URLS[language])
    assert page.status_code == 200 and "X-Page-Cache" not in page
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    # What the editor saw (with the userbar) is not what the next reader gets.
    reader = client.get(URLS[language])
    assert reader["X-Page-Cache"] == "miss"
    assert "wagtail-userbar" not in reader.content.decode()


def test_posts_and_head_requests(client, demo):
    warm(client, URLS["en"])
    assert client.head(URLS["en"])["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.post(URLS["en"], {})


@override_settings(PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_it_off(client, demo):
    for _ in range(2):
        response = client.get(URLS["en"])
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "public" in response["Cache-Control"]  # still cacheable by a browser or a proxy


# --- Cacheable responses -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_pages_are_public_with_an_etag_and_answer_304(client, demo, language):
    response = client.get(URLS[language])
    assert "public" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert not response.cookies and "cookie" not in response.get("Vary", "").lower()
    etag = response["ETag"]
    # The same page, rendered again from scratch, has the same ETag (chart ids are stable).
    client.get("/admin/")  # nothing an anonymous reader does changes the page
    from core import page_cache

    page_cache.purge()
    again = client.get(URLS[language])
    assert again["X-Page-Cache"] == "miss" and again["ETag"] == etag
    not_modified = client.get(URLS[language], HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""


@pytest.mark.parametrize("language", ["it", "en"])
def test_pages_are_sent_in_brotli_or_zstd_to_clients_that_take_them(client, demo, language):
    import brotli
    from backports import zstd

    plain = client.get(URLS[language])
    for accepted, coding, decompress in (
        ("gzip, deflate, br", "br", brotli.decompress),  # what today's browsers send
        ("gzip, deflate, br, zstd", "zstd", zstd.decompress),
    ):
        compressed = client.get(URLS[language], HTTP_ACCEPT_ENCODING=accepted)
        assert compressed["Content-Encoding"] == coding and "accept-encoding" in compressed["Vary"].lower()
        assert decompress(compressed.content) == plain.content
        assert len(compressed.content) < len(plain.content) / 4
        etag = compressed["ETag"]
        assert client.get(URLS[language], HTTP_ACCEPT_ENCODING=accepted, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_pages_are_gzipped_for_clients_that_accept_it(client, demo):
    plain = client.get(URLS["en"])
    compressed = client.get(URLS["en"], HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in compressed["Vary"].lower()
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    etag = compressed["ETag"]
    assert client.get(URLS["en"], HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- Never stale ---------------------------------------------------------------------------------


@pytest.mark.parametrize("editor_language", ["it", "en"])
def test_a_title_published_from_the_admin_is_seen_at_once_in_both_languages(
    client, editor, demo, editor_language, django_capture_on_commit_callbacks
):
    article = demo["article"]
    warm(client, *URLS.values(), *INDEX.values(), *HOME.values())
    data = article_form_data(article, title_it="Titolo nuovo di zecca", title_en="A brand new title")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            f"/admin/pages/{article.pk}/edit/",
            {**data, "action-publish": "publish"},
            HTTP_ACCEPT_LANGUAGE=editor_language,
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert title_of(client.get(URLS["it"])) == "Titolo nuovo di zecca"
    assert title_of(client.get(URLS["en"])) == "A brand new title"
    # The lists that show it, too.
    assert "Titolo nuovo di zecca" in client.get(INDEX["it"]).content.decode()
    assert "A brand new title" in client.get(INDEX["en"]).content.decode()
    assert "Titolo nuovo di zecca" in client.get(HOME["it"]).content.decode()
    assert "A brand new title" in client.get(HOME["en"]).content.decode()


def test_a_slug_change_moves_the_page_and_the_old_url_is_gone(client, editor, demo, django_capture_on_commit_callbacks):
    article = demo["article"]
    warm(client, URLS["en"])
    data = article_form_data(article, slug_en="a-new-address")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "publish"}).status_code == 302
    assert client.get(URLS["en"]).status_code == 404
    assert client.get("/en/articles/a-new-address/").status_code == 200


def test_unpublished_and_deleted_pages_are_gone_at_once(client, editor, demo, django_capture_on_commit_callbacks):
    article = demo["article"]
    warm(client, *URLS.values(), *INDEX.values())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/pages/{article.pk}/unpublish/", {})
    assert response.status_code == 302
    for url in URLS.values():
        assert client.get(url).status_code == 404
    assert ARTICLE_EN_SLUG not in client.get(INDEX["en"]).content.decode()
    warm(client, INDEX["it"])
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(f"/admin/pages/{article.pk}/delete/", {}).status_code == 302
    assert ARTICLE_IT_SLUG not in client.get(INDEX["it"]).content.decode()


def test_an_article_made_private_is_no_longer_served_from_the_cache(
    client, editor, demo, django_capture_on_commit_callbacks
):
    """The editor sets a password in the page's privacy settings: readers get the password form at
    once, in both languages, and the lists leave the article out; public again, it is back."""
    article = demo["article"]
    warm(client, *URLS.values(), *INDEX.values())
    privacy = f"/admin/pages/{article.pk}/privacy/"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(privacy, {"restriction_type": "password", "password": "a-secret-for-staff"})
    assert response.status_code == 200 and response.json()["step"] == "set_privacy_done"
    for url in URLS.values():
        html = client.get(url).content.decode()
        assert 'name="password"' in html and "article__title" not in html
    for url in INDEX.values():
        assert article.get_url_in(url.split("/")[1]) not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(privacy, {"restriction_type": "none"})
    assert title_of(client.get(URLS["en"])) == article.title_en


def test_a_draft_save_keeps_the_cache_and_the_live_page(client, editor, demo):
    article = demo["article"]
    warm(client, URLS["en"])
    data = article_form_data(article, title_en="Only a draft")
    assert editor.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
    response = client.get(URLS["en"])
    assert response["X-Page-Cache"] == "hit" and "Only a draft" not in response.content.decode()


def test_a_figure_edited_in_the_admin_is_redrawn_at_once_in_both_languages(
    client, editor, demo, django_capture_on_commit_callbacks
):
    figure = Figure.objects.get(key="cloud-computing")
    warm(client, *URLS.values())
    for url in URLS.values():
        assert "<td>64%</td>" in client.get(url).content.decode()  # the chart's data table
    data = figure_form_data(figure, observations=observation_rows(figure, today={"value": "71"}))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/snippets/stats/figure/edit/{figure.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for url in URLS.values():
        html = client.get(url).content.decode()
        assert "<td>71%</td>" in html and "<td>64%</td>" not in html, url


def test_a_publish_outside_the_admin_purges(client, demo):
    """Publishing from code (a management command, the demo loader) purges too."""
    from core import page_cache

    article = demo["article"]
    store = page_cache.cache()
    warm(client, URLS["en"])
    before = store.get(page_cache.GENERATION_KEY)
    article.title_en = "Changed elsewhere"
    article.save_revision().publish()
    assert store.get(page_cache.GENERATION_KEY) != before
    assert title_of(client.get(URLS["en"])) == "Changed elsewhere"


def test_an_entry_rendered_before_a_purge_is_never_served_after_it(client, demo):
    """The race: a reader starts rendering, the editor's change commits and purges, the reader
    stores what it rendered. That entry carries the old generation, so it is a miss."""
    from core import page_cache

    store = page_cache.cache()
    middleware = page_cache.PageCacheMiddleware(lambda request: None)
    from django.test import RequestFactory

    request = RequestFactory().get(URLS["en"])
    key = middleware.key(request)
    old_generation = page_cache.current_generation(store)
    rendered = client.get(URLS["en"])  # stored under old_generation
    page_cache.purge()  # the commit's purge
    store.set(key, middleware.to_entry(old_generation, rendered), 300)  # the slow reader stores late
    assert client.get(URLS["en"])["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("language", ["it", "en"])
def test_chart_ids_are_stable_and_unique_on_the_page(client, demo, language):
    from core import page_cache

    ids = re.findall(r'<figure class="infographic[^"]*" id="([^"]+)"', client.get(URLS[language]).content.decode())
    assert len(ids) >= 5 and len(set(ids)) == len(ids)
    page_cache.purge()
    again = re.findall(r'<figure class="infographic[^"]*" id="([^"]+)"', client.get(URLS[language]).content.decode())
    assert again == ids


def test_the_sitemap_is_cached_and_purged_with_the_pages(client, demo):
    warm(client, "/sitemap.xml", "/sitemap-pages.xml")
    assert client.get("/sitemap-pages.xml?p=1&x=2")["X-Page-Cache"] in ("hit", "miss")
    article = demo["article"]
    article.slug_en = "moved-in-english"
    article.save_revision().publish()
    assert "/en/articles/moved-in-english/" in client.get("/sitemap-pages.xml").content.decode()


def test_other_views_without_a_language_are_not_stored(client, demo):
    for url in ("/robots.txt", "/", "/admin/login/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url

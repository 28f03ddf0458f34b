"""Readers reach each article by its own slug in each language, and the page says which language it is in."""

import re

import pytest
from django.utils import translation

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG

pytestmark = pytest.mark.django_db

IT_URL = f"/it/articoli/{ARTICLE_IT_SLUG}/"
EN_URL = f"/en/articles/{ARTICLE_EN_SLUG}/"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_article_is_served_by_its_italian_slug_in_italian(client, demo):
    response = client.get(IT_URL)
    assert response.status_code == 200
    assert html_lang(response) == "it"
    assert h1(response) == "I responsabili IT hanno un nuovo capo: il cliente"
    assert "Redazione Osservatorio CIO" in response.content.decode()


def test_article_is_served_by_its_english_slug_in_english(client, demo):
    response = client.get(EN_URL)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert h1(response) == "IT leaders have a new boss: the customer"
    assert "CIO Observatory staff" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/en/articles/{ARTICLE_IT_SLUG}/",  # Italian slug under the English prefix
        f"/it/articoli/{ARTICLE_EN_SLUG}/",  # English slug under the Italian prefix
        f"/it/articles/{ARTICLE_EN_SLUG}/",  # English section slug under the Italian prefix
    ],
)
def test_a_slug_only_works_in_its_own_language(client, demo, url):
    assert client.get(url).status_code == 404


def test_page_urls_are_computed_per_language(demo):
    article = demo["article"]
    assert article.get_url_in("it") == IT_URL
    assert article.get_url_in("en") == EN_URL
    with translation.override("en"):
        assert article.url == EN_URL


def test_home_and_index_exist_in_both_languages(client, demo):
    assert "Osservatorio CIO" in h1(client.get("/it/"))
    assert "CIO Observatory" in h1(client.get("/en/"))
    italian_index = client.get("/it/articoli/")
    english_index = client.get("/en/articles/")
    assert h1(italian_index) == "Articoli" and h1(english_index) == "Articles"
    assert f'href="{IT_URL}"' in italian_index.content.decode()
    assert f'href="{EN_URL}"' in english_index.content.decode()


def test_dates_are_written_in_the_reader_language(client, demo):
    assert "28 novembre 2026" in client.get(IT_URL).content.decode()
    assert "28 November 2026" in client.get(EN_URL).content.decode()


@pytest.mark.parametrize(
    "url,title",
    [
        # The SEO title as written, then the site: "Headline · Site" on every page.
        (IT_URL, "CIO, il nuovo capo dei responsabili IT è il cliente · Osservatorio CIO"),
        (EN_URL, "IT leaders have a new boss: the customer · CIO Observatory"),
        ("/it/cerca/", "Cerca · Osservatorio CIO"),
        ("/en/search/", "Search · CIO Observatory"),
    ],
)
def test_browser_titles_are_in_the_page_language(client, demo, url, title):
    html = client.get(url).content.decode()
    assert f"<title>{title}</title>" in html

"""The header switcher lands on the same page in the other language; hreflang and canonical agree."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG

pytestmark = pytest.mark.django_db

IT_URL = f"/it/articoli/{ARTICLE_IT_SLUG}/"
EN_URL = f"/en/articles/{ARTICLE_EN_SLUG}/"


def switcher_links(response) -> list[tuple[str, str]]:
    """(where the link lands, its language): each link goes through /language/<code>/?next=<URL>,
    which remembers the choice and redirects there."""
    html = response.content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+">', nav)
    landed = []
    for href, language in links:
        url = urlsplit(href.replace("&amp;", "&"))
        assert url.path == f"/language/{language}/", href
        landed.append((parse_qs(url.query)["next"][0], language))
    return landed


def head_links(response) -> dict:
    html = response.content.decode()
    alternates = {
        lang: href
        for href, lang in [
            (m.group(2), m.group(1))
            for m in re.finditer(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
        ]
    }
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return {"alternates": alternates, "canonical": canonical}


@pytest.mark.parametrize("start,target,language", [(IT_URL, EN_URL, "en"), (EN_URL, IT_URL, "it")])
def test_switcher_lands_on_the_same_article(client, demo, start, target, language):
    assert switcher_links(client.get(start)) == [(target, language)]
    landed = client.get(target)
    assert landed.status_code == 200
    assert f'<html lang="{language}">' in landed.content.decode()


@pytest.mark.parametrize(
    "start,target",
    [("/it/", "/en/"), ("/en/", "/it/"), ("/it/articoli/", "/en/articles/"), ("/en/articles/", "/it/articoli/")],
)
def test_switcher_on_home_and_index(client, demo, start, target):
    assert [href for href, _ in switcher_links(client.get(start))] == [target]


def test_article_lists_hreflang_for_both_languages_x_default_and_canonical(client, demo):
    for url in (IT_URL, EN_URL):
        links = head_links(client.get(url))
        assert links["alternates"] == {
            "it": f"http://testserver{IT_URL}",
            "en": f"http://testserver{EN_URL}",
            "x-default": f"http://testserver{IT_URL}",
        }
        assert links["canonical"] == [f"http://testserver{url}"]


def test_home_x_default_is_the_negotiating_root(client, demo):
    links = head_links(client.get("/en/"))
    assert links["alternates"]["x-default"] == "http://testserver/"
    assert links["canonical"] == ["http://testserver/en/"]


def test_canonical_drops_the_query_string(client, demo):
    links = head_links(client.get(IT_URL + "?utm_source=newsletter"))
    assert links["canonical"] == [f"http://testserver{IT_URL}"]


@pytest.mark.parametrize(
    "start,target", [("/it/cerca/?q=cloud", "/en/search/?q=cloud"), ("/en/search/?q=cloud", "/it/cerca/?q=cloud")]
)
def test_search_switches_to_its_counterpart_keeping_the_query(client, demo, start, target):
    response = client.get(start)
    assert response.status_code == 200
    assert [href for href, _ in switcher_links(response)] == [target]


@pytest.mark.parametrize(
    "url,target,title",
    [("/en/no-such-page/", "/it/", "Page not found"), ("/it/nessuna-pagina/", "/en/", "Pagina non trovata")],
)
def test_404_is_in_the_reader_language_and_switches_to_the_other_home(client, demo, url, target, title):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html
    assert [href for href, _ in switcher_links(response)] == [target]
    assert 'rel="canonical"' not in html and 'hreflang="x-default"' not in html


def test_switching_language_remembers_it_for_the_root(client, demo):
    response = client.get(f"/language/en/?next={EN_URL}")
    assert response.status_code == 302 and response["Location"] == EN_URL
    assert "no-store" in response["Cache-Control"]
    assert client.cookies["django_language"].value == "en"
    assert client.get("/")["Location"] == "/en/"
    client.get(f"/language/it/?next={IT_URL}")
    assert client.get("/")["Location"] == "/it/"


def test_reading_a_page_sets_no_cookie(client, demo):
    """Pages are the same for every reader: no cookie, no Vary: Cookie, so caches can hold them."""
    for url in (EN_URL, IT_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
    assert "django_language" not in client.cookies


@pytest.mark.parametrize(
    "next_url,expected",
    [
        ("https://evil.example/en/", "/en/"),
        ("//evil.example/en/", "/en/"),
        (IT_URL, "/en/"),  # another language's page: the chosen language's home
        ("", "/en/"),
    ],
)
def test_switch_never_leaves_the_site_or_the_language(client, demo, next_url, expected):
    response = client.get("/language/en/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == expected


def test_switch_to_an_unknown_language_is_a_404(client, demo):
    response = client.get("/language/xx/?next=/xx/", follow=True)
    assert response.status_code == 404
    assert "django_language" not in client.cookies


@pytest.mark.parametrize("url,name", [(EN_URL, ">Italiano</a>"), (IT_URL, ">English</a>")])
def test_switcher_names_the_other_language_in_that_language(client, demo, url, name):
    assert name in client.get(url).content.decode()

"""What machines read, per language: title pattern, Open Graph and Twitter cards, JSON-LD
(NewsArticle with its translation, Dataset, WebSite), icons and share cards."""

import io
import json
import re
from datetime import date
from html import unescape

import pytest
from PIL import Image

from core.languages import value_in
from stats.models import Survey
from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG, make_article

pytestmark = pytest.mark.django_db

ARTICLE = {"it": f"/it/articoli/{ARTICLE_IT_SLUG}/", "en": f"/en/articles/{ARTICLE_EN_SLUG}/"}
HEADLINE = {"it": "I responsabili IT hanno un nuovo capo: il cliente", "en": "IT leaders have a new boss: the customer"}
SITE = {"it": "Osservatorio CIO", "en": "CIO Observatory"}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html) -> dict:
    """{property or name: [contents]} of the head's meta tags."""
    found = {}
    for key, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html):
        found.setdefault(key, []).append(unescape(content))
    return found


def graph(html) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def title(html) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_page_has_one_title_pattern(client, demo, language):
    site = SITE[language]
    page = demo["article"]
    urls = {
        # The SEO title where the editor wrote one, else the headline.
        ARTICLE[language]: f"{value_in(page, 'seo_title', language) or HEADLINE[language]} · {site}",
        f"/{language}/": {"it": "Dati e analisi sul ruolo del CIO", "en": "Data and analysis on the CIO role"}[language]
        + f" · {site}",
        {"it": "/it/articoli/", "en": "/en/articles/"}[language]: {"it": "Articoli", "en": "Articles"}[language]
        + f" · {site}",
        {"it": "/it/cerca/", "en": "/en/search/"}[language]: {"it": "Cerca", "en": "Search"}[language] + f" · {site}",
    }
    for url, expected in urls.items():
        assert title(html_of(client, url)) == expected
    client.raise_request_exception = False
    assert title(client.get(f"/{language}/no-such-page/").content.decode()).endswith(f" · {site}")


def test_a_site_name_typed_into_the_seo_title_is_not_repeated():
    from django.utils import translation

    from articles.metadata import page_title

    with translation.override("en"):
        assert page_title("Articles | CIO Observatory") == "Articles · CIO Observatory"
        assert page_title("CIO Observatory: data and analysis") == "Data and analysis · CIO Observatory"
        assert page_title("CIO Observatory") == "CIO Observatory"
        assert page_title("") == "CIO Observatory"


@pytest.mark.parametrize("language,other", [("it", "en"), ("en", "it")])
def test_open_graph_and_twitter_cards_in_the_pages_language(client, demo, language, other):
    tags = meta(html_of(client, ARTICLE[language]))
    locales = {"it": "it_IT", "en": "en_GB"}
    assert tags["og:locale"] == [locales[language]]
    assert tags["og:locale:alternate"] == [locales[other]]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [f"http://testserver{ARTICLE[language]}"]
    page = demo["article"]
    assert tags["og:title"] == [value_in(page, "seo_title", language) or value_in(page, "title", language)]
    assert tags["og:title"] == tags["twitter:title"]
    assert tags["og:site_name"] == [SITE[language]]
    assert tags["og:description"][0] and tags["og:description"] == tags["twitter:description"]
    assert tags["og:image"] == [f"http://testserver/{language}/share/{page.pk}.png"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]
    # The image's alternative text says what it shows: the headline figure, in this language.
    assert tags["og:image:alt"][0].startswith("60%: ")
    assert ("cliente" if language == "it" else "customer") in tags["og:image:alt"][0]


def test_pages_other_than_articles_are_websites_with_the_site_card(client, demo):
    tags = meta(html_of(client, "/en/"))
    assert tags["og:type"] == ["website"] and tags["og:image"] == ["http://testserver/en/share.png"]
    (website,) = graph(html_of(client, "/it/"))
    assert website["@type"] == "WebSite" and website["inLanguage"] == "it"
    assert website["potentialAction"]["target"]["urlTemplate"] == "http://testserver/it/cerca/?q={search_term_string}"


@pytest.mark.parametrize("language,other", [("it", "en"), ("en", "it")])
def test_json_ld_news_article_and_dataset(client, demo, language, other):
    article, dataset = graph(html_of(client, ARTICLE[language]))
    page = demo["article"]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == HEADLINE[language]
    assert article["inLanguage"] == language
    assert article["url"] == f"http://testserver{ARTICLE[language]}"
    assert article["datePublished"] == page.first_published_at.isoformat()
    assert article["dateModified"] == page.last_published_at.isoformat()
    assert article["author"] == {"@type": "Person", "name": value_in(page, "author", language)}
    assert article["publisher"]["@type"] == "Organization" and article["publisher"]["name"] == SITE[language]
    assert article["image"] == [f"http://testserver/{language}/share/{page.pk}.png"]
    # Italian is the original; English its translation, each pointing at the other.
    other_url = f"http://testserver{ARTICLE[other]}"
    if language == "it":
        assert article["workTranslation"] == [{"@type": "NewsArticle", "@id": other_url, "inLanguage": "en"}]
        assert "translationOfWork" not in article
    else:
        assert article["translationOfWork"] == {"@type": "NewsArticle", "@id": other_url, "inLanguage": "it"}
        assert "workTranslation" not in article
    assert dataset["@type"] == "Dataset" and article["citation"] == [{"@id": dataset["@id"]}]
    assert dataset["inLanguage"] == language
    assert dataset["creator"]["name"] == "IBM"
    survey = Survey.objects.get(key="ibm-cio-study")
    assert dataset["name"] == value_in(survey, "title", language)
    csv = {"it": "http://testserver/it/dati/ibm-cio-study.csv", "en": "http://testserver/en/data/ibm-cio-study.csv"}
    assert dataset["distribution"] == [
        {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": csv[language]}
    ]
    assert dataset["variableMeasured"] and all(isinstance(v, str) for v in dataset["variableMeasured"])


def test_an_article_in_one_language_claims_no_translation(client, demo):
    page = make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo"}, day=date(2026, 2, 1))
    (article,) = graph(html_of(client, "/it/articoli/solo/"))
    assert "workTranslation" not in article and "translationOfWork" not in article
    assert article["url"] == f"http://testserver{page.get_url_in('it')}"
    assert "og:locale:alternate" not in meta(html_of(client, "/it/articoli/solo/"))


def test_json_ld_cannot_be_broken_out_of(client, demo):
    make_article(
        demo["index"],
        it={"title": "Titolo </script><script>alert(1)</script>", "slug": "titolo", "body": "Testo."},
        en={"title": "Title </script><b>&", "slug": "title", "body": "Text."},
    )
    for url in ("/it/articoli/titolo/", "/en/articles/title/"):
        html = html_of(client, url)
        assert "<script>alert" not in html and "</script><b>" not in html
        (article,) = graph(html)
        assert "</script>" in article["headline"]


def test_every_page_links_its_languages_feed_and_icons(client, demo):
    for url, feed in (("/it/", "/it/feed/"), (ARTICLE["en"], "/en/feed/"), ("/en/search/?q=x", "/en/feed/")):
        html = html_of(client, url)
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
        assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
        assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html


def test_favicon_and_touch_icon_are_served(client, demo):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    from django.contrib.staticfiles import finders

    assert Image.open(finders.find("icons/apple-touch-icon.png")).size == (180, 180)
    assert finders.find("icons/favicon.svg")


def png_of(client, url) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content)), response


def test_share_image_is_a_1200x630_png_per_language(client, demo):
    pk = demo["article"].pk
    it, response = png_of(client, f"/it/share/{pk}.png")
    en, _response = png_of(client, f"/en/share/{pk}.png")
    assert it.format == en.format == "PNG" and it.size == en.size == (1200, 630)
    assert it.tobytes() != en.tobytes()  # each drawn in its own language
    # Drawn once per text: the same card again is the cache's, and an unchanged one a 304.
    etag = response["ETag"]
    assert client.get(f"/it/share/{pk}.png", HTTP_IF_NONE_MATCH=etag).status_code == 304
    site, _response = png_of(client, "/en/share.png")
    assert site.size == (1200, 630)


def test_share_card_says_the_headline_figure_in_the_language(demo):
    from articles.share_image import card_for

    it, en = card_for(demo["article"], "it"), card_for(demo["article"], "en")
    assert it.headline == HEADLINE["it"] and en.headline == HEADLINE["en"]
    assert it.value == en.value == "60%"
    assert "cliente" in it.label and "customer" in en.label
    assert it.key() != en.key()


def test_share_image_of_a_missing_language_or_page_is_a_404(client, demo):
    page = make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo"}, day=date(2026, 2, 1))
    assert client.get(f"/it/share/{page.pk}.png").status_code == 200
    assert client.get(f"/en/share/{page.pk}.png").status_code == 404
    assert client.get("/en/share/999999.png").status_code == 404

"""The publication's shell as a reader meets it, in both languages: the masthead leads to the
articles, search and the other language; the front page presents the latest articles with their
standfirst and headline figure; the footer says what the site is, where its figures come from and
under which licence; dates are written as each language writes them; a hero comes in renditions."""

import html
import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "it": {"articles": "Articoli", "search": "Cerca", "index": "/it/articoli/", "other": "English"},
    "en": {"articles": "Articles", "search": "Search", "index": "/en/articles/", "other": "Italiano"},
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def visible(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_masthead_leads_to_the_articles_search_and_the_other_language(client, demo, language):
    words = LANGUAGES[language]
    page = text(client.get(f"/{language}/"))
    masthead = re.search(r'<header class="masthead">.*?</header>', page, re.S).group(0)
    assert 'class="logo"' in masthead and "<svg" in masthead
    assert f'href="{words["index"]}">{words["articles"]}</a>' in masthead
    assert f">{words['search']}</a>" in masthead
    assert f">{words['other']}</a>" in masthead
    # The current section is marked for assistive technology too.
    index_page = text(client.get(words["index"]))
    assert f'href="{words["index"]}" aria-current="page">' in index_page


@pytest.mark.parametrize(
    "language,figure",
    [
        ("it", "60% CIO che mettono il cliente finale tra le priorità"),
        ("en", "60% CIOs who rank focus on the end customer among their priorities"),
    ],
)
def test_the_front_page_presents_the_latest_article_with_standfirst_and_headline_figure(client, demo, language, figure):
    response = client.get(f"/{language}/")
    article = demo["article"]
    shown = visible(response)
    assert getattr(article, f"title_{language}") in shown
    assert getattr(article, f"standfirst_{language}") in shown
    value = re.search(r'<p class="story__figure">(.*?)</p>', text(response), re.S).group(1)
    value = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip()
    assert value == figure


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_footer_is_written_for_readers(client, demo, language):
    page = text(client.get(f"/{language}/"))
    footer = re.search(r'<footer class="site-footer">.*?</footer>', page, re.S).group(0)
    assert "Django" not in footer and "Wagtail" not in footer  # no developer copy
    assert 'rel="license"' in footer and "CC BY 4.0" in footer
    assert "CSV" in footer
    assert f'lang="{"en" if language == "it" else "it"}"' in footer  # the other language


@pytest.mark.parametrize("language,date", [("it", "28 novembre 2026"), ("en", "28 November 2026")])
def test_dates_follow_the_languages_own_style(client, demo, language, date):
    assert date in visible(client.get(demo["article"].get_url_in(language)))
    assert "November 28" not in visible(client.get(demo["article"].get_url_in(language)))


def test_the_demo_article_has_no_decorative_hero(client, demo):
    """A data story opens on its words and figures: no illustration pretending to be a chart."""
    for language in ("it", "en"):
        assert "article__hero" not in text(client.get(demo["article"].get_url_in(language)))


def test_a_hero_image_is_served_as_responsive_webp_renditions(client, demo):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (20, 90, 160)).save(buffer, format="PNG")
    image = get_image_model()(title="A photograph")
    image.file = ImageFile(buffer, name="photo.png")
    image.save()
    article = demo["article"]
    article.hero_image = image
    article.hero_alt_it, article.hero_alt_en = "Una fotografia", "A photograph"
    article.save_revision().publish()
    for language, alt in (("it", "Una fotografia"), ("en", "A photograph")):
        page = text(client.get(article.get_url_in(language)))
        img = re.search(r'<figure class="article__hero[^"]*">\s*<img ([^>]+)>', page).group(1)
        assert f'alt="{alt}"' in img
        widths = [int(w) for w in re.findall(r"\.webp (\d+)w", img)]
        assert widths == [640, 1000, 1280]
        assert re.search(r'width="1000" height="562"', img)  # proportions kept: no layout shift

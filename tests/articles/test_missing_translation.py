"""An article without English copy is hidden in English: never Italian copy under an English URL."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_article

pytestmark = pytest.mark.django_db

ONLY_ITALIAN = {"title": "Solo in italiano", "slug": "solo-in-italiano", "standfirst": "Un pezzo non ancora tradotto."}


@pytest.fixture
def italian_only(demo):
    return make_article(demo["index"], it=ONLY_ITALIAN, day=date(2026, 12, 1))


def test_italian_page_is_served(client, italian_only):
    response = client.get("/it/articoli/solo-in-italiano/")
    assert response.status_code == 200
    assert "Solo in italiano" in response.content.decode()


def test_english_url_is_a_404_in_english(client, italian_only):
    # With no English slug, the Italian slug is what an English URL would fall back to.
    response = client.get("/en/articles/solo-in-italiano/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html and "Page not found" in html
    assert "Solo in italiano" not in html


def test_switcher_offers_no_link_and_hreflang_lists_only_italian(client, italian_only):
    html = client.get("/it/articoli/solo-in-italiano/").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert "<a " not in switcher
    assert "English" in switcher and "non disponibile" in switcher
    assert 'hreflang="en"' not in html
    assert '<link rel="alternate" hreflang="it" href="http://testserver/it/articoli/solo-in-italiano/">' in html


def test_lists_leave_it_out_in_english_only(client, italian_only):
    assert "Solo in italiano" in client.get("/it/articoli/").content.decode()
    assert "Solo in italiano" in client.get("/it/").content.decode()
    assert "Solo in italiano" not in client.get("/en/articles/").content.decode()
    assert "Solo in italiano" not in client.get("/en/").content.decode()


@pytest.mark.parametrize("mode,lang,notice", [("en", "en", "Preview only"), ("it", "it", None)])
def test_editors_preview_each_language(italian_only, mode, lang, notice):
    response = italian_only.make_preview_request(preview_mode=mode)
    response.render()
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    if notice:
        assert notice in html  # an editor sees why readers will not get this page in English
    else:
        assert "Preview only" not in html and "Solo anteprima" not in html


def test_an_english_title_needs_an_english_body(italian_only):
    italian_only.title_en = "Only a headline"
    italian_only.slug_en = "only-a-headline"
    with pytest.raises(ValidationError) as error:
        italian_only.full_clean()
    assert "body_en" in error.value.message_dict


def test_translating_it_later_publishes_it_in_english(client, italian_only):
    italian_only.title_en = "Now in English"
    italian_only.slug_en = "now-in-english"
    italian_only.body_en = [("paragraph", "<p>Translated.</p>")]
    italian_only.save_revision().publish()
    response = client.get("/en/articles/now-in-english/")
    assert response.status_code == 200
    assert "Now in English" in response.content.decode()
    assert (
        'href="/language/en/?next=/en/articles/now-in-english/" hreflang="en"'
        in client.get("/it/articoli/solo-in-italiano/").content.decode()
    )

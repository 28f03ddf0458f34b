import pytest

from articles import demo_content

pytestmark = pytest.mark.browser


def test_reader_switches_from_the_italian_to_the_english_article(reader_site, page):
    page.goto(f"{reader_site.url}/it/articoli/{demo_content.ARTICLE['it']['slug']}/")
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.locator("h1").inner_text() == demo_content.ARTICLE["it"]["title"]

    page.locator("header .language-switcher a[hreflang='en']").click()
    page.wait_for_load_state()

    assert page.url == f"{reader_site.url}/en/articles/{demo_content.ARTICLE['en']['slug']}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == demo_content.ARTICLE["en"]["title"]

    # The choice is remembered: the bare root now opens the English home.
    page.goto(f"{reader_site.url}/")
    assert page.url == f"{reader_site.url}/en/"
    assert page.locator("html").get_attribute("lang") == "en"

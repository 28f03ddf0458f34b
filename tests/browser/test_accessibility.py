"""The CIO article, infographics included, passes an axe-core scan in Chromium, in both languages,
light and dark, and stays within a 320 px wide phone screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles import demo_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URLS = {
    "it": f"/it/articoli/{demo_content.ARTICLE['it']['slug']}/",
    "en": f"/en/articles/{demo_content.ARTICLE['en']['slug']}/",
}


def scan(page):
    # Open every data table so its contrast and structure are scanned too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        },
    )
    return results


def test_article_has_no_axe_violations(demo_site, browser):
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for language, path in URLS.items():
            page.goto(demo_site.url + path)
            assert page.locator("figure.infographic").count() == 7
            results = scan(page)
            assert results.violations_count == 0, f"{language}/{scheme}:\n{results.generate_report()}"
        context.close()


def test_infographics_fit_a_320px_screen(demo_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in URLS.values():
        page.goto(demo_site.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 320
        widths = page.eval_on_selector_all(
            "figure.infographic svg", "els => els.map(e => e.getBoundingClientRect().width)"
        )
        assert len(widths) == 7 and all(0 < width <= 320 for width in widths)
    context.close()


@pytest.mark.parametrize("path", ["/it/", "/en/articles/", "/it/cerca/?q=cloud", "/en/no-such-page/"])
def test_other_reader_pages_have_no_axe_violations(demo_site, page, path):
    page.goto(demo_site.url + path)
    results = scan(page)
    assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"

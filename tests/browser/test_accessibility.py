"""Every kind of reader page (home, index, article, search, 404) passes an axe-core scan in Chromium,
in both languages, light and dark, on a 320 px phone and a 1280 px desktop, with every <details>
open, and never scrolls sideways (WCAG 1.4.10, reflow)."""

import json

import pytest
from axe_playwright_python.base import AXE_SCRIPT, AxeResults

from articles import demo_content

pytestmark = pytest.mark.browser

ARTICLES = {
    "it": f"/it/articoli/{demo_content.ARTICLE['it']['slug']}/",
    "en": f"/en/articles/{demo_content.ARTICLE['en']['slug']}/",
}
PAGES = {
    "it": {
        "home": "/it/",
        "index": "/it/articoli/",
        "article": ARTICLES["it"],
        "search": "/it/cerca/?q=cloud",
        "404": "/it/nessuna-pagina/",
    },
    "en": {
        "home": "/en/",
        "index": "/en/articles/",
        "article": ARTICLES["en"],
        "search": "/en/search/?q=cloud",
        "404": "/en/no-such-page/",
    },
}
INFOGRAPHICS = 6


def open_every_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
}


def scan(page):
    """axe-core's scan of the page as it is now, with every data table open (so that its contrast and
    structure are scanned too). axe is injected once per page load: the library's `Axe.run` injects
    its half-megabyte script before every scan."""
    open_every_details(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return AxeResults(page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})"))


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["it", "en"])
def test_reader_pages_have_no_axe_violations(reader_site, browser, language, width):
    """Each page is scanned in light and then, without reloading, in dark (the colour scheme is a
    media feature: switching it restyles the page as a reader's system setting would). Reduced
    motion turns off the links' colour transition, so the scan sees the colours a reader ends with."""
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    failures = []
    for name, path in PAGES[language].items():
        page.emulate_media(color_scheme="light")
        page.goto(reader_site.url + path)
        if name == "article":
            assert page.locator("figure.infographic").count() == INFOGRAPHICS
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            results = scan(page)
            if results.violations_count:
                failures.append(f"{language} {name} {width}px {scheme}:\n{results.generate_report()}")
    context.close()
    assert not failures, "\n".join(failures)


def test_no_page_scrolls_sideways_at_320px_with_every_table_open(reader_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for language, pages in PAGES.items():
        for name, path in pages.items():
            page.goto(reader_site.url + path)
            open_every_details(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{language} {name}: the page is {width}px wide at 320px"
            # Nothing inside a figure is wider than the figure (a table that scrolls would hide data).
            spill = page.evaluate(
                """() => [...document.querySelectorAll('figure.infographic')].flatMap(figure => {
                    const box = figure.getBoundingClientRect();
                    // Everything drawn or written (the 1 px screen-reader sentence aside).
                    return [...figure.querySelectorAll('*:not(.infographic__sr-only)')]
                        .filter(el => {
                            const r = el.getBoundingClientRect();
                            return r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
                        })
                        .map(el => el.className.baseVal ?? el.className);
                })"""
            )
            assert not spill, f"{language} {name}: drawn past its figure: {spill}"
    context.close()


def test_charts_span_the_text_column_and_use_the_text_type_scale(reader_site, browser):
    """Each drawing is as wide as the paragraphs and starts at their edge; chart labels are no larger
    than the body text, and values no larger than its size either (the big number aside)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in ARTICLES.values():
        page.goto(reader_site.url + path)
        geometry = page.evaluate(
            """() => {
                const p = document.querySelector('.article__body > p').getBoundingClientRect();
                const body = parseFloat(getComputedStyle(document.querySelector('.article__body > p')).fontSize);
                const tracks = [...document.querySelectorAll('.infographic__drawing')].map(d => {
                    const r = d.getBoundingClientRect(); return [r.left, r.right];
                });
                const text = '.infographic__row-label, .infographic__value, .infographic__source';
                const sizes = [...document.querySelectorAll(text)].map(el => parseFloat(getComputedStyle(el).fontSize));
                return {left: p.left, right: p.right, body, tracks, sizes};
            }"""
        )
        for left, right in geometry["tracks"]:
            assert left == pytest.approx(geometry["left"], abs=1) and right == pytest.approx(geometry["right"], abs=1)
        assert geometry["sizes"] and max(geometry["sizes"]) <= geometry["body"]
    context.close()

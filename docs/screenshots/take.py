"""Screenshots of the reader pages for the README (Playwright + Debian's Chromium).

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000

Takes the README's shots into docs/screenshots/ and, with --all, every page in both languages at
320, 390, 768 and 1280 px, light and dark, into /tmp/cio-screenshots/, printing each page's width
with every <details> open (it must never exceed the viewport: no sideways scroll).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARTICLE = {"it": "/it/articoli/responsabili-it-nuovo-capo-cliente/", "en": "/en/articles/it-leaders-new-boss-customer/"}
PAGES = {
    "it": {
        "home": "/it/",
        "index": "/it/articoli/",
        "article": ARTICLE["it"],
        "search": "/it/cerca/?q=cloud",
        "404": "/it/x/",
    },
    "en": {
        "home": "/en/",
        "index": "/en/articles/",
        "article": ARTICLE["en"],
        "search": "/en/search/?q=cloud",
        "404": "/en/x/",
    },
}
# (file, path, width, height, scheme, scroll to the first chart)
README_SHOTS = [
    ("home-en-1280-light.png", "/en/", 1280, 800, "light", False),
    ("article-it-1280-light.png", ARTICLE["it"], 1280, 900, "light", False),
    ("chart-it-1280-light.png", ARTICLE["it"], 1280, 900, "light", True),
    ("article-en-390-dark.png", ARTICLE["en"], 390, 844, "dark", False),
    ("chart-en-390-dark.png", ARTICLE["en"], 390, 844, "dark", True),
    ("home-it-390-light.png", "/it/", 390, 844, "light", False),
]


def shoot(browser, url, width, height, scheme, path, scroll=False, full=False):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    page.goto(url)  # fonts from the cache, as a returning reader sees them (font-display: optional)
    if scroll:
        page.locator(".infographic--then-now").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -40)")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)") if full else None
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(path), full_page=full)
    context.close()
    return scroll_width


def main():
    base = sys.argv[1].rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, path, width, height, scheme, scroll in README_SHOTS:
            shoot(browser, base + path, width, height, scheme, HERE / name, scroll=scroll)
        if "--all" in sys.argv:
            out = Path("/tmp/cio-screenshots")
            out.mkdir(exist_ok=True)
            for language, pages in PAGES.items():
                for kind, path in pages.items():
                    for width in (320, 390, 768, 1280):
                        for scheme in ("light", "dark"):
                            name = f"{kind}-{language}-{width}-{scheme}.png"
                            scroll_width = shoot(browser, base + path, width, 900, scheme, out / name, full=True)
                            flag = "" if scroll_width <= width else "  <-- scrolls sideways"
                            print(f"{name:<32} page width {scroll_width}{flag}")  # noqa: T201
        browser.close()


if __name__ == "__main__":
    main()

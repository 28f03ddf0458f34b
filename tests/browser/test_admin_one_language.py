"""In an admin that speaks English (the editor's preference), an editor writes an article in Italian
only, saves a draft, lets autosave keep an edit, publishes from the edit view, and a reader finds it
at its Italian URL. This path ended in a 500 before: nothing may be filled in for the editor in
English, and nothing the editor cannot see may block the publish."""

import re

import pytest

pytestmark = pytest.mark.browser

# Panel ids start with the tab's heading, in whichever language first built the editor: match the end.
BODY_IT = "section[id$='-body_it-section']"
TITLE = "Il cliente al centro, anche per i CIO"
SLUG = "il-cliente-al-centro-anche-per-i-cio"


def test_an_italian_only_article_from_the_english_admin_reaches_italian_readers(demo_site, browser, log_in):
    from articles.models import ArticleIndexPage, ArticlePage

    index = ArticleIndexPage.objects.get()
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "eng", "en", first_name="Emma", last_name="Lee")

    page.goto(f"{demo_site.url}/admin/pages/add/articles/articlepage/{index.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("#id_title_it", TITLE)
    page.fill("#id_standfirst_it", "Un sommario scritto solo in italiano.")
    body = page.locator(BODY_IT)
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_text("Paragraph", exact=True).click()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Il primo paragrafo, in italiano.")
    # Draftail writes the typed text into the form a moment later, as it does for a person.
    page.wait_for_function(
        "() => (document.querySelector('input[name=\"body_it-0-value\"]') || {}).value?.includes('primo paragrafo')"
    )
    assert page.input_value("#id_slug_it") == SLUG  # typed for the editor from the title
    # The edit view is ready for editing once its editing session has checked in.
    with page.expect_response(lambda r: "/editing-sessions/ping/" in r.url):
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    article = ArticlePage.objects.get(slug_it=SLUG)
    assert not article.live and not article.title_en

    # Autosave keeps a further edit as a draft in the background...
    def autosaved(r):
        return (
            r.request.method == "POST"
            and r.url.endswith(f"/pages/{article.pk}/edit/")
            and "json" in (r.request.headers.get("accept") or "")
        )

    # Wagtail's unsaved-changes controller compares the form with a snapshot it takes 2 s after the
    # editor opens: an edit made before it is part of the snapshot and never autosaved. A person
    # types later than that; the test waits for the snapshot (however slow the machine) instead.
    page.wait_for_function(
        """() => {
            const form = document.getElementById('page-edit-form');
            const unsaved = window.wagtail?.app?.getControllerForElementAndIdentifier(form, 'w-unsaved');
            return Boolean(unsaved?.initialFormData);
        }"""
    )
    with page.expect_response(autosaved, timeout=15_000) as autosave:
        page.fill("#id_standfirst_it", "")
        page.locator("#id_standfirst_it").press_sequentially("Un sommario corretto, sempre solo in italiano.", delay=10)
    assert autosave.value.ok and autosave.value.json()["success"]

    # ...then the editor publishes from the edit view's action menu.
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"{demo_site.url}/admin/pages/{index.pk}/")
    assert "published" in page.locator(".messages").inner_text()

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.title_en and not article.slug_en

    reader = context.new_page()
    response = reader.goto(f"{demo_site.url}/it/articoli/{SLUG}/")
    assert response.status == 200
    assert reader.locator("h1").inner_text() == TITLE
    assert "Un sommario corretto" in reader.locator(".article__standfirst").inner_text()
    assert reader.goto(f"{demo_site.url}/en/articles/{SLUG}/").status == 404
    context.close()


def test_errors_in_a_hidden_language_are_shown(demo_site, browser, log_in):
    """The editor hid the English fields; publishing without an English body shows them again."""
    from articles.models import ArticlePage

    article = ArticlePage.objects.get()
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "eng", "en", first_name="Emma", last_name="Lee")
    with page.expect_response(lambda r: "/editing-sessions/ping/" in r.url):
        page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    page.locator(".locale-picker button.locale-toggle", has_text="en").click()  # hide English
    assert not page.locator("#id_title_en").is_visible()

    # Mark every English block deleted (as each block's delete button does), leaving a title without a body.
    page.evaluate("""() => {
        document.querySelectorAll('input[name^="body_en-"][name$="-deleted"]').forEach(i => { i.value = '1'; });
    }""")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()

    banner = page.locator(".messages").inner_text()
    assert "English: check Body [en]" in banner
    page.wait_for_selector('[id$="-body_en-section"] .help-critical', state="visible")
    assert page.locator("#id_title_en").is_visible()
    page.get_by_role("button", name="Go to the first error").click()
    # Focus lands on the English body's error, which the editor can now see.
    page.wait_for_function("() => !!document.activeElement.closest('[id$=\"-body_en-section\"]')")
    assert page.locator('[id$="-body_en-section"] .help-critical').is_visible()
    context.close()

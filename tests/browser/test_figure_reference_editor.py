"""An editor cites a figure from the rich text toolbar in each language's paragraph, publishes,
and readers see the number drawn from the data, formatted for each language."""

import pytest
from django.utils.html import strip_tags

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(page, log_in):
    log_in(page, "redattore", "en")
    return page


def cite_in(page, field: str, word: str):
    """Select `word` in the field's first paragraph with the keyboard, as an editor would, then cite
    cloud computing today from the toolbar."""
    editor = page.locator(f'[data-contentpath="{field}"] .public-DraftEditor-content').first
    text = editor.inner_text()
    editor.click()
    page.keyboard.press("Home")
    for _ in range(text.index(word)):
        page.keyboard.press("ArrowRight")
    for _ in word:
        page.keyboard.press("Shift+ArrowRight")
    page.locator('button[name="FIGURE"]').first.click()
    modal = page.locator(".modal-content")
    modal.locator("a[data-chooser-modal-choice]", has_text="cloud computing").first.click()
    form = modal.locator("form[data-stats-figure-reference-form]")
    form.wait_for()
    form.locator("select[name=wave]").select_option("today")
    form.locator("select[name=form]").select_option("value")
    form.locator("input[name=article]").check()
    form.locator("button[type=submit]").click()
    modal.wait_for(state="detached")
    # Draftail writes the editor's content into the form a moment later: wait for it, as a person
    # would not press Publish within the same instant.
    page.wait_for_function(
        """field => [...document.querySelectorAll(`input[name^="${field}-"][name$="-value"]`)]
            .some(input => input.value.includes('"FIGURE"'))""",
        arg=field,
    )


def test_an_editor_cites_a_figure_and_readers_see_it_in_both_languages(demo_site, editor):
    index = ArticleIndexPage.objects.get()
    article = make_article(
        index,
        it={"title": "Il cloud", "slug": "il-cloud", "body": "Oggi XX dei CIO sceglie il cloud."},
        en={"title": "The cloud", "slug": "the-cloud", "body": "Today YY of CIOs choose the cloud."},
    )
    page = editor
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    cite_in(page, "body_it", "XX")
    cite_in(page, "body_en", "YY")
    # The editor shows the number as it reads now, marked as a cited figure.
    assert page.locator('[data-contentpath="body_en"] .TooltipEntity').first.inner_text().strip() == "64%"

    page.locator("button.w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(lambda url: "/edit/" not in url)

    article = ArticlePage.objects.get(pk=article.pk)
    assert 'embedtype="figure"' in article.body_it[0].value.source
    # The number is not stored, only the reference (whose attributes and block keys are not text).
    assert "64" not in strip_tags(article.body_it[0].value.source)

    assert 'embedtype="figure"' in article.body_en[0].value.source
    page.goto(f"{demo_site.url}/it/articoli/il-cloud/")
    assert page.locator(".article__body data").first.get_attribute("value") == "64"
    assert "Oggi il 64% dei CIO sceglie il cloud." in page.locator(".article__body").inner_text()
    page.goto(f"{demo_site.url}/en/articles/the-cloud/")
    assert page.locator(".article__body data").first.get_attribute("value") == "64"
    assert "Today 64% of CIOs choose the cloud." in page.locator(".article__body").inner_text()

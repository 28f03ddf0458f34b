"""In the page editor, choosing a figure in an infographic block narrows its wave selects to the
waves the figure has values for, and flags a figure of the wrong unit at once (Italian admin)."""

import pytest
from playwright.sync_api import expect

from articles.models import ArticlePage

pytestmark = pytest.mark.browser


@pytest.fixture
def italian_editor(page, log_in):
    log_in(page, "redattrice", "it")
    return page


def infographic(page, n):
    return page.locator('[data-controller~="stats-infographic"]').nth(n)


def test_waves_follow_the_chosen_figure_and_a_rank_is_flagged_in_then_vs_now(demo_site, italian_editor):
    page = italian_editor
    article = ArticlePage.objects.get()
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")

    # The first block is a big number of "customer first": a value for "oggi" only.
    big_number = infographic(page, 0)
    options = big_number.locator('[data-stats-infographic-target="wave"] select option')
    page.wait_for_function("o => o.textContent.includes('60%')", arg=options.nth(2).element_handle())
    assert options.nth(1).get_attribute("value") == "2009" and options.nth(1).is_disabled()
    assert options.nth(2).inner_text() == "oggi · 60%" and not options.nth(2).is_disabled()

    # A then-vs-now block (cloud computing, 2009 and today): choose the rank figure instead.
    then_now = page.locator('[data-controller~="stats-infographic"]:has([name$="-value-before"])').first
    then_now.locator("[data-chooser-action-choose]").first.dispatch_event("click")
    modal = page.locator(".modal-content")
    choices = modal.locator("a[data-chooser-modal-choice]")
    choices.first.wait_for()
    # The unit filter reloads the list: choose from the reloaded list (the one figure in ranks), not
    # from the full list it replaces, which may be swapped out from under the click.
    modal.locator("select[name=unit]").select_option("rank")
    expect(choices).to_have_count(1)
    choices.filter(has_text="Posizione dei fattori tecnologici").click()
    modal.wait_for(state="detached")

    flag = then_now.locator('[data-stats-infographic-target="figure"] .stats-infographic-flag')
    flag.wait_for()
    assert flag.inner_text().startswith(
        "«Posizione dei fattori tecnologici tra i fattori esterni di influenza» è una posizione in classifica"
    )
    after = then_now.locator('[data-stats-infographic-target="wave"]').nth(1)
    assert "non ha un valore per questa rilevazione" in after.locator(".stats-infographic-flag").inner_text()
    assert after.locator("option[value='2009']").inner_text() == "2009 · 6º posto"

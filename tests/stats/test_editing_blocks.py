"""Editors place infographics in the article editor; a block that cannot be drawn is refused."""

import pytest
from wagtail.test.utils.form_data import (
    rich_text,
)

from articles.models import ArticlePage
from stats.models import Figure, Observation
from tests.factories import article_form_data

pytestmark = pytest.mark.django_db


def page_form(article, body_it, body_en):
    """The article's editor form with these bodies (raw StreamField form values per language)."""
    return article_form_data(article, body={"it": body_it, "en": body_en})


def test_editor_saves_infographic_blocks_in_both_languages(admin_client, demo, client):
    article = demo["article"]
    cloud = Figure.objects.get(key="cloud-computing")
    body = [
        ("paragraph", rich_text("<p>Testo.</p>")),
        ("then_now", {"figure": cloud.pk, "before": "2009", "after": "today", "caption": "Nota"}),
    ]
    body_en = [
        ("paragraph", rich_text("<p>Text.</p>")),
        ("then_now", {"figure": cloud.pk, "before": "2009", "after": "today", "caption": "Note"}),
    ]
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/", {**page_form(article, body, body_en), "action-publish": "publish"}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    italian = client.get(article.get_url_in("it")).content.decode()
    english = client.get(article.get_url_in("en")).content.decode()
    assert "+34 punti percentuali" in italian and "Nota" in italian
    assert "+34 percentage points" in english and "Note" in english


@pytest.mark.parametrize(
    "block,message",
    [
        (
            ("big_number", {"figure": "customer-priority", "wave": "2009", "caption": ""}),
            "non ha un valore per questa rilevazione",
        ),
        (
            ("then_now", {"figure": "cloud-computing", "before": "today", "after": "today", "caption": ""}),
            "Scegli due rilevazioni diverse",
        ),
        (("rank", {"figure": "cloud-computing", "wave": "today", "caption": ""}), "la posizione in classifica"),
    ],
)
def test_a_block_that_cannot_be_drawn_is_refused_and_nothing_is_lost(admin_client, demo, block, message):
    article = demo["article"]
    kind, value = block
    value = dict(value, figure=Figure.objects.get(key=value["figure"]).pk)
    body = [("paragraph", rich_text("<p>Testo.</p>")), (kind, value)]
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", page_form(article, body, body))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert ArticlePage.objects.get(pk=article.pk).body_it.raw_data[0]["type"] == "paragraph"
    assert len(ArticlePage.objects.get(pk=article.pk).body_it) == len(article.body_it)


def test_snippet_revert_view_offers_the_old_values(admin_client, demo):
    figure = Figure.objects.get(key="cloud-computing")
    first = figure.latest_revision
    observation = Observation.objects.get(figure=figure, wave__key="today")
    observation.value = 70
    observation.save()
    figure.refresh_from_db()
    figure.save_revision()
    response = admin_client.get(f"/admin/snippets/stats/figure/history/{figure.pk}/")
    assert response.status_code == 200
    revert = admin_client.get(f"/admin/snippets/stats/figure/history/{figure.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert 'value="64.00"' in revert.content.decode() or 'value="64"' in revert.content.decode()

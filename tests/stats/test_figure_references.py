"""Numbers in the prose read from the data: figure references in rich text, in both languages."""

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.models import ArticlePage
from stats import references
from stats.models import Figure, Observation
from stats.numbers import mentions
from tests.factories import article_form_data, article_with_blocks, set_admin_language

pytestmark = pytest.mark.django_db


def cite(figure, wave="today", **extra):
    attrs = " ".join(f'{name}="{value}"' for name, value in extra.items())
    return f'<embed embedtype="figure" id="{figure.pk}" wave="{wave}" {attrs}/>'


def cited_in(body) -> list:
    texts = [child.value.source for child in body if hasattr(child.value, "source")]
    return [ref for text in texts for ref in references.references_in(text)]


def page_html(client, page, language):
    response = client.get(page.get_url_in(language))
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def cloud(demo):
    return Figure.objects.get(key="cloud-computing")


LAUNCH = {
    "it": [
        '<data value="60">il 60%</data> dei responsabili IT',
        '<data value="80">oltre l\'80%</data>',
        '<data value="64">il 64%</data> dei CIO',
        '<data value="30">il 30%</data>',
        '<data value="34">+34 punti percentuali</data>',
        '<data value="84">l\'84%</data> dei responsabili IT',
        '<data value="16">+16 punti percentuali</data>',
        'al <data value="6">6º posto</data>',
    ],
    "en": [
        '<data value="60">60%</data> of IT leaders',
        '<data value="80">more than 80%</data>',
        '<data value="64">64%</data> of CIOs',
        '<data value="30">30%</data>',
        '<data value="34">+34 percentage points</data>',
        '<data value="84">84%</data> of IT leaders',
        '<data value="16">+16 percentage points</data>',
        'in <data value="6">6th place</data>',
    ],
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_launch_article_cites_its_figures_as_data(client, demo, language):
    html = page_html(client, demo["article"], language)
    for text in LAUNCH[language]:
        assert text in html, text
    assert "<embed" not in html


@pytest.mark.parametrize("language", ["it", "en"])
def test_no_percentage_is_typed_by_hand_in_the_launch_body(demo, language):
    body = getattr(demo["article"], f"body_{language}")
    typed = []
    for child in body:
        if hasattr(child.value, "source"):
            text = re.sub(r"<embed[^>]*/>", " ", child.value.source)
            typed += [
                m.text
                for m in mentions(unescape(re.sub(r"<[^>]+>", " ", text)), language=language)
                if m.unit in ("percent", "points")
            ]
    assert typed == []
    assert len(cited_in(body)) >= 10


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", '<data value="65">il 65%</data> dei CIO'), ("en", '<data value="65">65%</data> of CIOs')],
)
def test_a_reference_follows_the_figure_when_it_is_published(client, demo, cloud, language, expected):
    observation = cloud.observations.get(wave__key="today")
    observation.value = 65
    observation.save()
    html = page_html(client, demo["article"], language)
    assert expected in html
    assert ("+35 punti percentuali" if language == "it" else "+35 percentage points") in html


def test_italian_article_follows_the_number(client, demo, cloud):
    observation = cloud.observations.get(wave__key="today")
    observation.value = 80
    observation.save()
    assert '<data value="80">l\'80%</data> dei CIO' in page_html(client, demo["article"], "it")


@pytest.fixture
def cited_page(demo, cloud):
    body = [
        ("paragraph", f"<p>Prima {cite(cloud, form='value')} poi {cite(cloud, '2030', form='value')}.</p>"),
    ]
    page = article_with_blocks(demo["index"], body, slug="riferimenti")
    return page


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_missing_wave_or_deleted_figure_shows_nothing_to_readers_and_a_notice_in_preview(
    client, admin_client, demo, cloud, cited_page, language
):
    html = page_html(client, cited_page, language)
    assert '<data value="64">64%</data>' in html
    assert "2030" not in html and "figure-reference-missing" not in html
    # The editor's preview says why.
    preview = cited_page.make_preview_request(preview_mode=language)
    preview.render()
    text = unescape(preview.content.decode())
    assert "figure-reference-missing" in text
    notice = text.split("figure-reference-missing", 1)[1].split("</mark>")[0]
    assert "2030" in notice
    # The figure deleted: its references vanish for readers, the page still answers.
    ArticlePage.objects.exclude(pk=cited_page.pk).delete()
    Observation.objects.filter(figure=cloud).delete()
    Figure.objects.filter(pk=cloud.pk).delete()
    html = page_html(client, ArticlePage.objects.get(pk=cited_page.pk), language)
    assert "<data" not in html.split("article__body")[1]
    assert "Prima" in html


def test_references_cost_the_same_queries_however_many(client, demo, cloud):
    def page_with(n, slug):
        paragraphs = [("paragraph", f"<p>Il {cite(cloud)} e {cite(cloud, '2009')}.</p>") for _ in range(n)]
        return article_with_blocks(demo["index"], paragraphs, slug=slug)

    counts = []
    for n, slug in ((1, "uno"), (20, "venti")):
        page = page_with(n, slug)
        url = page.get_url_in("it")
        client.get(url)  # warm caches shared by every page (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count("<data value=") == 2 * n
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_editor_keeps_the_references_when_the_article_is_saved(admin_client, admin_user, demo, language):
    set_admin_language(admin_user, language)
    article = demo["article"]
    before = cited_in(article.body_it)
    data = article_form_data(article)
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    after = cited_in(article.body_it)
    assert after == before


@pytest.mark.parametrize(
    ("language", "title", "label"),
    [("it", "il 64%", "Cloud computing · oggi"), ("en", "64%", "Cloud computing · today")],
)
def test_the_toolbar_modal_answers_with_the_reference_in_the_editors_language(
    admin_client, admin_user, cloud, language, title, label
):
    set_admin_language(admin_user, language)
    url = f"/admin/stats/figure-reference/?id={cloud.pk}"
    page = json.loads(admin_client.get(url).content)
    assert page["step"] == "figure_reference"
    assert 'name="wave"' in page["html"] and ("oggi: 64%" if language == "it" else "today: 64%") in page["html"]
    answer = json.loads(admin_client.post(url, {"wave": "today", "form": "value", "article": "on"}).content)
    assert answer["step"] == "figure_reference_chosen"
    assert answer["result"]["title"] == title
    assert answer["result"]["label"] == label
    assert answer["result"]["id"] == cloud.pk and answer["result"]["article"] == "1"


@pytest.mark.parametrize(("language", "message"), [("it", "Scegli l"), ("en", "Choose the wave the change is from.")])
def test_a_change_without_its_first_wave_is_refused_with_a_reason(admin_client, admin_user, cloud, language, message):
    set_admin_language(admin_user, language)
    answer = json.loads(
        admin_client.post(f"/admin/stats/figure-reference/?id={cloud.pk}", {"wave": "today", "form": "change"}).content
    )
    assert answer["step"] == "figure_reference"
    assert message in unescape(answer["html"])


def test_the_toolbar_modal_for_an_unknown_figure_is_a_404(admin_client):
    for url in ("/admin/stats/figure-reference/?id=999999", "/admin/stats/figure-reference/?id=abc"):
        assert admin_client.get(url, follow=True).status_code == 404


@pytest.mark.parametrize(("language", "words"), [("it", "64%"), ("en", "percentage points")])
def test_search_indexes_the_numbers_as_readers_read_them(demo, language, words):
    body = getattr(demo["article"], f"body_{language}")
    with translation.override(language):
        text = " ".join(body.stream_block.get_searchable_content(body))
    assert words in text
    assert references.searchable_text(body[0].value.source, language)


def test_the_editor_shows_the_number_and_stores_only_the_reference(cloud):
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "figure-reference"])
    html = f"<p>Il {cite(cloud, form='change', **{'from': '2009'})} in più.</p>"
    with translation.override("en"):
        state = json.loads(converter.from_database_format(html))
    block = state["blocks"][0]
    assert block["text"] == "Il +34 percentage points in più."
    entity = state["entityMap"]["0"]
    assert entity["mutability"] == "IMMUTABLE" and entity["data"]["from"] == "2009"
    stored = converter.to_database_format(json.dumps(state))
    assert f'<embed embedtype="figure" id="{cloud.pk}" wave="today" form="change" from="2009"/>' in stored
    assert "+34" not in stored

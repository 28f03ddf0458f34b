"""Infographic blocks: bulk loading, and what readers and editors see when data goes wrong."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stats.models import Figure, Observation, Survey
from tests.factories import article_with_blocks

pytestmark = pytest.mark.django_db


def infographic_count(response) -> int:
    return len(re.findall(r'<figure class="infographic ', response.content.decode()))


def blocks_of_every_kind() -> list[dict]:
    figure = {f.key: f.pk for f in Figure.objects.all()}
    return [
        {"type": "big_number", "value": {"figure": figure["customer-priority"], "wave": "today", "caption": ""}},
        {
            "type": "then_now",
            "value": {"figure": figure["cloud-computing"], "before": "2009", "after": "today", "caption": ""},
        },
        {
            "type": "bars",
            "value": {
                "figures": [figure["mobile-social"], figure["cloud-computing"], figure["front-office-focus"]],
                "wave": "today",
                "caption": "",
            },
        },
        {"type": "sample", "value": {"survey": Survey.objects.get().pk, "caption": ""}},
        {"type": "rank", "value": {"figure": figure["technology-factors-rank"], "wave": "2009", "caption": ""}},
    ]


def queries_for(client, url) -> int:
    client.get(url)  # warm caches shared by every request (site root paths, ...)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("language", ["it", "en"])
def test_twenty_blocks_cost_the_same_queries_as_one(client, demo, language):
    kinds = blocks_of_every_kind()
    one = article_with_blocks(demo["index"], kinds[:1], slug="one", publish=False)
    twenty = article_with_blocks(demo["index"], kinds[:1] * 20, slug="twenty", publish=False)
    mixed_five = article_with_blocks(demo["index"], kinds, slug="mixed-five", publish=False)
    mixed_hundred = article_with_blocks(demo["index"], kinds * 20, slug="mixed-hundred", publish=False)

    one_count, one_response = queries_for(client, one.get_url_in(language))
    twenty_count, twenty_response = queries_for(client, twenty.get_url_in(language))
    assert infographic_count(one_response) == 1 and infographic_count(twenty_response) == 20
    assert twenty_count == one_count

    five_count, five_response = queries_for(client, mixed_five.get_url_in(language))
    hundred_count, hundred_response = queries_for(client, mixed_hundred.get_url_in(language))
    assert infographic_count(five_response) == 5 and infographic_count(hundred_response) == 100
    assert hundred_count == five_count


@pytest.mark.parametrize("kind", range(5))
def test_each_kind_costs_no_more_for_twenty_blocks(client, demo, django_assert_num_queries, kind):
    block = blocks_of_every_kind()[kind]
    one = article_with_blocks(demo["index"], [block], slug=f"one-{kind}", publish=False)
    twenty = article_with_blocks(demo["index"], [block] * 20, slug=f"twenty-{kind}", publish=False)
    one_count, _ = queries_for(client, one.get_url_in("it"))
    client.get(twenty.get_url_in("it"))
    with django_assert_num_queries(one_count):
        assert infographic_count(client.get(twenty.get_url_in("it"))) == 20


def test_a_deleted_figure_renders_nothing_for_readers_and_a_notice_in_preview(client, demo):
    figure = Figure.objects.get(key="customer-priority")
    page = article_with_blocks(
        demo["index"],
        [
            {"type": "paragraph", "value": "<p>Prima.</p>"},
            {"type": "big_number", "value": {"figure": figure.pk, "wave": "today", "caption": ""}},
        ],
        slug="deleted",
    )
    Observation.objects.filter(figure=figure).delete()
    figure.delete()
    for language in ("it", "en"):
        response = client.get(page.get_url_in(language))
        assert response.status_code == 200
        assert infographic_count(response) == 0
        assert "Prima." in response.content.decode()
    preview = page.make_preview_request(preview_mode="en")
    preview.render()
    assert "This infographic cannot be drawn" in preview.content.decode()
    assert "The chosen figure has been deleted." in preview.content.decode()
    preview_it = page.make_preview_request(preview_mode="it")
    preview_it.render()
    assert "Questa infografica non può essere disegnata" in preview_it.content.decode()


def test_a_missing_wave_renders_nothing(client, demo):
    figure = Figure.objects.get(key="customer-priority")  # has no 2009 value
    page = article_with_blocks(
        demo["index"],
        [{"type": "big_number", "value": {"figure": figure.pk, "wave": "2009", "caption": ""}}],
        slug="nowave",
    )
    response = client.get(page.get_url_in("it"))
    assert response.status_code == 200 and infographic_count(response) == 0


def test_an_out_of_range_value_never_reaches_the_page(client, demo):
    figure = Figure.objects.get(key="cloud-computing")
    page = article_with_blocks(
        demo["index"],
        [{"type": "big_number", "value": {"figure": figure.pk, "wave": "today", "caption": ""}}],
        slug="range",
    )
    # A value stored by a path that skipped validation (raw SQL, a bad import).
    Observation.objects.filter(figure=figure, wave__key="today").update(value=164)
    for language in ("it", "en"):
        response = client.get(page.get_url_in(language))
        assert response.status_code == 200 and infographic_count(response) == 0
        assert "164" not in response.content.decode()


HOSTILE = ["<script>alert(1)</script>", '"><svg onload=alert(1)>']


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_labels_and_captions_are_escaped(client, demo, hostile):
    figure = Figure.objects.get(key="cloud-computing")
    Figure.objects.filter(pk=figure.pk).update(
        label_it=hostile, label_en=hostile, short_label_it=hostile, short_label_en=hostile
    )
    Survey.objects.update(title_it=hostile, title_en=hostile, respondents_label_it=hostile)
    page = article_with_blocks(
        demo["index"],
        [
            {
                "type": "then_now",
                "value": {"figure": figure.pk, "before": "2009", "after": "today", "caption": hostile},
            },
            {
                "type": "bars",
                "value": {
                    "figures": [figure.pk, Figure.objects.get(key="mobile-social").pk],
                    "wave": "today",
                    "caption": hostile,
                },
            },
            {"type": "sample", "value": {"survey": Survey.objects.get().pk, "caption": hostile}},
        ],
        slug="hostile",
    )
    for language in ("it", "en"):
        body = client.get(page.get_url_in(language)).content.decode()
        assert infographic_count_str(body) == 3
        assert "<script>alert(1)" not in body
        assert "<svg onload" not in body
        assert html.escape(hostile, quote=True).replace("&#x27;", "'") in body.replace("&#x27;", "'")


def infographic_count_str(body: str) -> int:
    return len(re.findall(r'<figure class="infographic ', body))

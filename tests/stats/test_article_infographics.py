"""The CIO article draws its figures from the stats data, in the reader's language."""

import html
import re

import pytest

from stats.models import Figure, Observation
from tests.factories import article_with_blocks

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def figures_html(response) -> list[str]:
    return re.findall(r'<figure class="infographic .*?</figure>', response.content.decode(), re.S)


@pytest.mark.parametrize(
    "language,expected",
    [
        (
            "it",
            [
                "oltre 1.600",
                "70",
                "paesi",
                "20",
                "settori",
                "60%",
                "oltre l'80%",
                "64%",
                "30%",
                "84%",
                "68%",
                "+34 punti percentuali",
                "+16 punti percentuali",
                "6º posto",
                "oggi",
                "Mostra i dati",
                "Fonte: IBM, Studio sui CIO · Scarica i dati (CSV)",
            ],
        ),
        (
            "en",
            [
                "more than 1,600",
                "70",
                "countries",
                "20",
                "industries",
                "60%",
                "more than 80%",
                "64%",
                "30%",
                "84%",
                "68%",
                "+34 percentage points",
                "+16 percentage points",
                "6th place",
                "today",
                "Show the data",
                "Source: IBM, CIO Study · Download the data (CSV)",
            ],
        ),
    ],
)
def test_cio_article_shows_the_study_figures(client, demo, language, expected):
    response = client.get(demo["article"].get_url_in(language))
    figures = figures_html(response)
    assert len(figures) == 6
    page_text = re.sub(r"<[^>]+>", "", text_of(response))
    page_text = re.sub(r"\s+", " ", page_text)
    for snippet in expected:
        assert snippet in page_text, snippet
    for figure in figures:
        # One title, in the figcaption; the source and the data link once, in one line.
        caption = html.unescape(re.search(r"<figcaption.*?</figcaption>", figure, re.S).group(0))
        title = re.sub(r"<[^>]+>", "", caption).strip()
        visible = re.sub(r'<p class="infographic__sr-only".*?</p>', "", html.unescape(figure), flags=re.S)
        assert visible.count(title) == 1, title
        source = re.findall(r'<p class="infographic__source">.*?</p>', visible, re.S)
        assert len(source) == 1 and re.sub(r"<[^>]+>", "", source[0]).count("IBM") == 1
        assert visible.count("download>") == 1
    # Charts with more than one value offer their data table; those printing one value do not.
    with_table = ["<table" in figure for figure in figures]
    assert with_table == [False, False, False, False, True, True]


def test_chart_ids_are_stable_and_distinct(client, demo):
    ids = {}
    for language in ("it", "en"):
        first = re.findall(
            r'<figure class="infographic [^"]*" id="([^"]+)"',
            client.get(demo["article"].get_url_in(language)).content.decode(),
        )
        again = re.findall(
            r'<figure class="infographic [^"]*" id="([^"]+)"',
            client.get(demo["article"].get_url_in(language)).content.decode(),
        )
        assert first == again and len(set(first)) == len(first) == 6
        ids[language] = first
    assert not set(ids["it"]) & set(ids["en"])


@pytest.mark.parametrize("language,bound", [("it", "oltre l'80%"), ("en", "more than 80%")])
def test_a_lower_bound_is_never_a_plain_80(client, demo, language, bound):
    # The text a reader sees (not the drawing's coordinates, where width="80%" is geometry).
    page_text = re.sub(r"<[^>]+>", "", text_of(client.get(demo["article"].get_url_in(language))))
    # Every "80%" on the page belongs to the bound: the words, or the "> 80%" short form.
    plain = re.sub(re.escape(bound), "", page_text, flags=re.I)
    plain = plain.replace(">\u00a080%", "").replace("> 80%", "")
    assert "80%" not in plain


def test_editing_a_figure_changes_every_article_in_both_languages(client, demo):
    second = article_with_blocks(
        demo["index"],
        [
            {
                "type": "then_now",
                "value": {
                    "figure": Figure.objects.get(key="cloud-computing").pk,
                    "before": "2009",
                    "after": "today",
                    "caption": "",
                },
            },
        ],
        slug="cloud",
    )
    observation = Observation.objects.get(figure__key="cloud-computing", wave__key="today")
    observation.value = 71
    observation.save()
    for page in (demo["article"], second):
        for language, change in (("it", "+41 punti percentuali"), ("en", "+41 percentage points")):
            then_now = [f for f in figures_html(client.get(page.get_url_in(language))) if "infographic--then-now" in f]
            cloud = [f for f in then_now if "cloud" in f.lower()]
            assert len(cloud) == 1, language
            drawn = html.unescape(cloud[0])
            assert "71%" in drawn and change in drawn and "64%" not in drawn


def test_editor_caption_is_per_language(client, demo):
    figure = Figure.objects.get(key="customer-priority")
    page = article_with_blocks(demo["index"], [{"type": "paragraph", "value": "<p>x</p>"}], slug="caption")
    page.body_it = [
        {"type": "big_number", "value": {"figure": figure.pk, "wave": "today", "caption": "Nota della redazione"}}
    ]
    page.body_en = [{"type": "big_number", "value": {"figure": figure.pk, "wave": "today", "caption": "Editor's note"}}]
    page.save_revision().publish()
    assert "Nota della redazione" in text_of(client.get(page.get_url_in("it")))
    english = text_of(client.get(page.get_url_in("en")))
    assert "Editor's note" in english and "Nota della redazione" not in english

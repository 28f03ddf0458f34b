"""Authoring infographics in the page editor explains itself, in the editor's admin language: the
figure chooser shows unit, survey and values; chooser buttons and block labels follow each editor."""

import html
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.users.models import UserProfile

from stats.models import Figure, Observation, Survey, Wave

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/stats/figure/"
RESULTS = "/admin/snippets/choose/stats/figure/results/"


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture(params=["it", "en"])
def editor(request, admin_user, client):
    speak(admin_user, request.param)
    client.force_login(admin_user)
    client.language = request.param
    client.user = admin_user
    return client


def figure_pk(key):
    return Figure.objects.get(key=key).pk


def chooser_rows(markup: str) -> dict[str, list[str]]:
    """The chooser table as {figure title: [unit, survey, values]} plus its "headings"."""
    soup = BeautifulSoup(markup, "html.parser")
    table = soup.find("table")
    rows = {"headings": [th.get_text(" ", strip=True) for th in table.select("thead th")]}
    for tr in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        rows[cells[0]] = cells[1:]
    return rows


def title(key, language):
    figure = Figure.objects.get(key=key)
    return f"{getattr(figure, f'label_{language}')} ({figure.survey.publisher})"


# --- The figure chooser -------------------------------------------------------------------------

EXPECTED_ROWS = {
    "it": {
        "cloud-computing": ["percentuale dei rispondenti", "IBM: Studio IBM sui CIO", "2009:\xa030% · oggi:\xa064%"],
        "front-office-focus": ["percentuale dei rispondenti", "IBM: Studio IBM sui CIO", "oggi:\xa0oltre l'80%"],
        "technology-factors-rank": ["posizione in classifica", "IBM: Studio IBM sui CIO", "2009:\xa06º posto"],
    },
    "en": {
        "cloud-computing": ["percent of respondents", "IBM: IBM CIO study", "2009:\xa030% · today:\xa064%"],
        "front-office-focus": ["percent of respondents", "IBM: IBM CIO study", "today:\xa0more than 80%"],
        "technology-factors-rank": ["rank", "IBM: IBM CIO study", "2009:\xa06th place"],
    },
}
HEADINGS = {"it": ["Titolo", "Unità", "Indagine", "Valori per rilevazione"], "en": ["Title", "Unit", "Survey", "Values by wave"]}


def test_the_figure_chooser_lists_unit_survey_and_values_per_wave(editor, demo):
    response = editor.get(CHOOSER)
    assert response.status_code == 200
    markup = response.json()["html"]
    rows = chooser_rows(markup)
    assert rows["headings"] == HEADINGS[editor.language]
    for key, expected in EXPECTED_ROWS[editor.language].items():
        assert rows[title(key, editor.language)] == expected
    assert len(rows) == 1 + Figure.objects.count()
    header = BeautifulSoup(markup, "html.parser").select_one("h1").get_text(" ", strip=True)
    assert header == {"it": "Scegli dato", "en": "Choose figure"}[editor.language]


@pytest.fixture
def second_survey(demo):
    survey = Survey.objects.create(
        key="eu-digital", publisher="Eurostat", title_it="Imprese digitali", title_en="Digital businesses",
        respondents=500,
    )
    wave = Wave.objects.create(survey=survey, key="2024", year=2024)
    figure = Figure.objects.create(
        survey=survey, key="ai-use", unit="count", label_it="Imprese che usano l'intelligenza artificiale",
        label_en="Businesses using artificial intelligence",
    )
    Observation.objects.create(figure=figure, wave=wave, value=1600, qualifier="more_than")
    return survey


def test_the_figure_chooser_filters_by_survey_unit_and_search(editor, second_survey):
    language = editor.language
    rows = chooser_rows(editor.get(RESULTS, {"survey": second_survey.pk}).content.decode())
    assert set(rows) - {"headings"} == {title("ai-use", language)}
    assert rows[title("ai-use", language)] == {
        "it": ["conteggio", "Eurostat: Imprese digitali", "2024:\xa0oltre 1.600"],
        "en": ["count", "Eurostat: Digital businesses", "2024:\xa0more than 1,600"],
    }[language]

    ibm = Survey.objects.get(key="ibm-cio-study")
    rows = chooser_rows(editor.get(RESULTS, {"survey": ibm.pk}).content.decode())
    assert len(rows) - 1 == 5 and title("ai-use", language) not in rows

    rows = chooser_rows(editor.get(RESULTS, {"unit": "rank"}).content.decode())
    assert set(rows) - {"headings"} == {title("technology-factors-rank", language)}

    rows = chooser_rows(editor.get(RESULTS, {"q": "cloud"}).content.decode())
    assert set(rows) - {"headings"} == {title("cloud-computing", language)}

    # Search and filter together: nothing about cloud in the second survey.
    response = editor.get(RESULTS, {"q": "cloud", "survey": second_survey.pk})
    assert "<table" not in response.content.decode()

    # The modal offers the filters, labelled in the editor's language.
    soup = BeautifulSoup(editor.get(CHOOSER).json()["html"], "html.parser")
    survey_select = soup.select_one("select[name=survey]")
    assert survey_select.has_attr("data-chooser-modal-search-filter")
    assert [o.get_text(strip=True) for o in survey_select.find_all("option")][0] == {"it": "Tutte le indagini", "en": "All surveys"}[language]
    assert soup.select_one("label[for=id_unit]").get_text(strip=True) == {"it": "Unità", "en": "Unit"}[language]


# --- Labels follow each editor's language, whoever was served first -----------------------------


def block_definition(response, field="body_it") -> str:
    """The telepath JSON of the body's block definitions, as the page editor receives it (with
    the HTML of its widgets unescaped, to read their texts)."""
    match = re.search(rf'<div id="{field}" data-block [^>]*data-w-block-data-value="([^"]*)"', response.content.decode())
    return html.unescape(json.dumps(json.loads(html.unescape(match.group(1))), ensure_ascii=False))


LABELS = {
    "it": ["Scegli un dato", "Scegli un altro dato", "Modifica questo dato", "Scegli un'indagine",
           '"label": "Infografica: prima e dopo"', '"label": "Dato"', '"label": "Prima (rilevazione)"',
           "Facoltativa: una nota sotto il grafico, in questa lingua."],
    "en": ["Choose a figure", "Choose another figure", "Edit this figure", "Choose a survey",
           '"label": "Infographic: then vs now"', '"label": "Figure"', '"label": "Then (wave)"',
           "Optional: a note under the figure, in this language."],
}


@pytest.mark.parametrize("first,then", [("en", "it"), ("it", "en")])
def test_block_and_chooser_labels_follow_each_editor_after_another_language_was_served(client, admin_user, demo, first, then):
    client.force_login(admin_user)
    article = demo["article"]
    figure = Figure.objects.first()
    for language in (first, then):
        speak(admin_user, language)
        definition = block_definition(client.get(f"/admin/pages/{article.pk}/edit/"))
        for text in LABELS[language]:
            assert text in definition, (language, text)
        other = "en" if language == "it" else "it"
        for text in LABELS[other][:4]:
            assert text not in definition, (language, text)
        # The figure editor's survey chooser too (a form field, not a block).
        figure_editor = html.unescape(client.get(f"/admin/snippets/stats/figure/edit/{figure.pk}/").content.decode())
        assert {"it": "Scegli un'altra indagine", "en": "Choose another survey"}[language] in figure_editor


def test_chooser_blocks_keep_the_stored_block_definitions(db):
    # The figure and survey choosers are admin-only subclasses: migrations must not change.
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())

"""Authoring infographics in the page editor explains itself, in the editor's admin language: the
figure chooser shows unit, survey and values; blocks refuse a figure of the wrong unit; a draft's
empty chooser previews as "not chosen yet"; chooser buttons and block labels follow each editor."""

import html
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import rich_text
from wagtail.users.models import UserProfile

from articles.models import ArticlePage
from stats.models import Figure, Observation, Survey, Wave
from tests.stats.test_editing_blocks import page_form

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
        "cloud-computing": ["percentuale dei rispondenti", "IBM: Studio sui CIO", "2009:\xa030% · oggi:\xa064%"],
        "front-office-focus": ["percentuale dei rispondenti", "IBM: Studio sui CIO", "oggi:\xa0oltre l'80%"],
        "technology-factors-rank": ["posizione in classifica", "IBM: Studio sui CIO", "2009:\xa06º posto"],
    },
    "en": {
        "cloud-computing": ["percent of respondents", "IBM: CIO Study", "2009:\xa030% · today:\xa064%"],
        "front-office-focus": ["percent of respondents", "IBM: CIO Study", "today:\xa0more than 80%"],
        "technology-factors-rank": ["rank", "IBM: CIO Study", "2009:\xa06th place"],
    },
}
HEADINGS = {
    "it": ["Titolo", "Unità", "Indagine", "Valori per rilevazione"],
    "en": ["Title", "Unit", "Survey", "Values by wave"],
}


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
        key="eu-digital",
        publisher="Eurostat",
        title_it="Imprese digitali",
        title_en="Digital businesses",
        respondents=500,
    )
    wave = Wave.objects.create(survey=survey, key="2024", year=2024)
    figure = Figure.objects.create(
        survey=survey,
        key="ai-use",
        unit="count",
        label_it="Imprese che usano l'intelligenza artificiale",
        label_en="Businesses using artificial intelligence",
    )
    Observation.objects.create(figure=figure, wave=wave, value=1600, qualifier="more_than")
    return survey


def test_the_figure_chooser_filters_by_survey_unit_and_search(editor, second_survey):
    language = editor.language
    rows = chooser_rows(editor.get(RESULTS, {"survey": second_survey.pk}).content.decode())
    assert set(rows) - {"headings"} == {title("ai-use", language)}
    assert (
        rows[title("ai-use", language)]
        == {
            "it": ["conteggio", "Eurostat: Imprese digitali", "2024:\xa0oltre 1.600"],
            "en": ["count", "Eurostat: Digital businesses", "2024:\xa0more than 1,600"],
        }[language]
    )

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
    assert (
        next(o.get_text(strip=True) for o in survey_select.find_all("option"))
        == {
            "it": "Tutte le indagini",
            "en": "All surveys",
        }[language]
    )
    assert soup.select_one("label[for=id_unit]").get_text(strip=True) == {"it": "Unità", "en": "Unit"}[language]


# --- Validation on save --------------------------------------------------------------------------


def block_errors(response, field="body_it") -> list[tuple[str, str]]:
    """(path, message) of every error the page editor shows for a StreamField."""
    match = re.search(
        rf'<div id="{field}" data-block [^>]*data-w-block-arguments-value="([^"]*)"', response.content.decode()
    )
    _value, errors = json.loads(html.unescape(match.group(1)))
    found = []

    def walk(node, path):
        for message in node.get("messages", []):
            found.append((path, message))
        for key, child in (node.get("blockErrors") or {}).items():
            walk(child, f"{path}/{key}" if path else str(key))

    walk(errors or {}, "")
    return found


RANK_IT = "«Posizione dei fattori tecnologici tra i fattori esterni di influenza» è una posizione in classifica"
RANK_EN = "“Rank of technology factors among external forces” is a rank"
WRONG_UNIT = {
    "then_now": (
        {"figure": "technology-factors-rank", "before": "2009", "after": "today"},
        "1/figure",
        {
            "it": RANK_IT + ": «prima e dopo» confronta una percentuale o un conteggio. "
            "Per le classifiche usa l'infografica della classifica.",
            "en": RANK_EN + ": then vs now compares a percentage or a count. Put ranks in the rank infographic.",
        },
    ),
    "big_number": (
        {"figure": "technology-factors-rank", "wave": "2009"},
        "1/figure",
        {
            "it": RANK_IT + ": il numero in evidenza mostra una percentuale o un conteggio. "
            "Per le classifiche usa l'infografica della classifica.",
            "en": RANK_EN + ": the big number shows a percentage or a count. Put ranks in the rank infographic.",
        },
    ),
    "bars": (
        {"figures": ["cloud-computing", "technology-factors-rank"], "wave": "2009"},
        "1/figures/1",
        {
            "it": RANK_IT
            + ": le barre mostrano percentuali o conteggi. Per le classifiche usa l'infografica della classifica.",
            "en": RANK_EN + ": bars show percentages or counts. Put ranks in the rank infographic.",
        },
    ),
    "rank": (
        {"figure": "cloud-computing", "wave": "2009"},
        "1/figure",
        {
            "it": "«CIO che indicano nel cloud computing il modello IT da adottare» "
            "non è una posizione in classifica: "
            "l'infografica della classifica mostra solo dati la cui unità è la posizione in classifica.",
            "en": "“CIOs naming cloud computing as the IT model to adopt” is not a rank: "
            "the rank infographic shows only "
            "figures whose unit is the rank.",
        },
    ),
}


def list_block(values) -> dict:
    """A ListBlock's form data, as the page editor posts it."""
    items = {str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(values)}
    return {"count": str(len(values)), **items}


def raw_block(kind, value):
    """A block as the editor posts it, figures named by key."""
    value = dict(value, caption="")
    if "figure" in value:
        value["figure"] = figure_pk(value["figure"])
    if "figures" in value:
        value["figures"] = list_block([figure_pk(key) for key in value["figures"]])
    return kind, value


@pytest.mark.parametrize("kind", list(WRONG_UNIT))
@pytest.mark.parametrize("publish", [False, True], ids=["draft", "publish"])
def test_a_figure_of_the_wrong_unit_is_refused_with_what_is_expected(editor, demo, kind, publish):
    article = demo["article"]
    value, path, messages = WRONG_UNIT[kind]
    body = [("paragraph", rich_text("<p>Testo nuovo.</p>")), raw_block(kind, value)]
    before = ArticlePage.objects.get(pk=article.pk)
    revisions = Revision.page_revisions.filter(object_id=str(article.pk)).count()
    data = page_form(article, body, [("paragraph", rich_text("<p>Text.</p>"))])
    if publish:
        data["action-publish"] = "publish"
    response = editor.post(f"/admin/pages/{article.pk}/edit/", data)

    assert response.status_code == 200, "the editor comes back with the form, not a redirect"
    assert (path, messages[editor.language]) in block_errors(response)
    # What the editor typed is still in the form, and nothing saved changed.
    assert "Testo nuovo." in html.unescape(response.content.decode())
    after = ArticlePage.objects.get(pk=article.pk)
    assert list(after.body_it.raw_data) == list(before.body_it.raw_data)
    assert Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions


@pytest.mark.parametrize(
    "block",
    [
        ("rank", {"figure": "technology-factors-rank", "wave": "2009"}),
        ("big_number", {"figure": "front-office-focus", "wave": "today"}),
        ("bars", {"figures": ["cloud-computing", "mobile-social"], "wave": "today"}),
        ("then_now", {"figure": "mobile-social", "before": "2009", "after": "today"}),
    ],
)
def test_a_figure_of_the_right_unit_is_published(admin_client, demo, client, block):
    article = demo["article"]
    body = [("paragraph", rich_text("<p>Testo.</p>")), raw_block(*block)]
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/", {**page_form(article, body, body), "action-publish": "publish"}
    )
    assert response.status_code == 302, block_errors(response)
    assert '<figure class="infographic ' in client.get(article.get_url_in("it")).content.decode()


# --- Drafts: an empty chooser is "not chosen yet", a deleted figure is "deleted" ----------------

NOT_CHOSEN = {"it": "Nessun dato ancora scelto.", "en": "No figure chosen yet."}
DELETED = {"it": "Il dato scelto è stato eliminato.", "en": "The chosen figure has been deleted."}


def save_draft(client, article, block):
    body = [("paragraph", rich_text("<p>Bozza.</p>")), block]
    response = client.post(f"/admin/pages/{article.pk}/edit/", page_form(article, body, body))
    assert response.status_code == 302, block_errors(response)
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision()


def preview(revision, language) -> str:
    response = revision.as_object().make_preview_request(preview_mode=language)
    response.render()
    return response.content.decode()


@pytest.mark.parametrize(
    "block",
    [
        ("big_number", {"figure": "", "wave": "", "caption": ""}),
        ("then_now", {"figure": "", "before": "", "after": "", "caption": ""}),
        ("rank", {"figure": "", "wave": "2009", "caption": ""}),
    ],
)
def test_an_empty_chooser_in_a_draft_previews_as_not_chosen_yet(editor, demo, block):
    article = demo["article"]
    revision = save_draft(editor, article, block)
    assert json.loads(revision.content["body_it"])[1]["value"]["figure"] is None  # saved, empty

    # The admin's own preview of that revision (Italian, the default preview mode) ...
    response = editor.get(f"/admin/pages/{article.pk}/revisions/{revision.pk}/view/")
    italian = response.content.decode()
    assert "Questa infografica non può essere disegnata" in italian
    assert NOT_CHOSEN["it"] in italian and DELETED["it"] not in italian
    # ... and the English preview mode.
    english = preview(revision, "en")
    assert NOT_CHOSEN["en"] in english and DELETED["en"] not in english

    # Readers never see the notice: outside a preview the block draws nothing.
    body = revision.as_object().body_it.render_as_block(context={})
    assert "Bozza." in body and NOT_CHOSEN["it"] not in body and "infographic" not in body


def test_a_deleted_figure_still_previews_as_deleted(editor, demo):
    article = demo["article"]
    figure = Figure.objects.get(key="customer-priority")
    revision = save_draft(editor, article, ("big_number", {"figure": figure.pk, "wave": "today", "caption": ""}))
    assert "60%" in preview(revision, "it")
    Observation.objects.filter(figure=figure).delete()
    figure.delete()

    italian = editor.get(f"/admin/pages/{article.pk}/revisions/{revision.pk}/view/").content.decode()
    assert DELETED["it"] in italian and NOT_CHOSEN["it"] not in italian
    english = preview(revision, "en")
    assert DELETED["en"] in english and NOT_CHOSEN["en"] not in english


def test_bars_with_an_empty_slot_and_with_a_deleted_figure(editor, demo):
    article = demo["article"]
    cloud, mobile = Figure.objects.get(key="cloud-computing"), Figure.objects.get(key="mobile-social")
    empty_slot = save_draft(
        editor, article, ("bars", {"figures": list_block([cloud.pk, ""]), "wave": "today", "caption": ""})
    )
    assert NOT_CHOSEN["en"] in preview(empty_slot, "en")
    deleted = save_draft(
        editor, article, ("bars", {"figures": list_block([cloud.pk, mobile.pk]), "wave": "today", "caption": ""})
    )
    Observation.objects.filter(figure=mobile).delete()
    mobile.delete()
    english = preview(deleted, "en")
    assert "One of the chosen figures has been deleted." in english and NOT_CHOSEN["en"] not in english
    assert "Uno dei dati scelti è stato eliminato." in preview(deleted, "it")


# --- Labels follow each editor's language, whoever was served first -----------------------------


def block_definition(response, field="body_it") -> str:
    """The telepath JSON of the body's block definitions, as the page editor receives it (with
    the HTML of its widgets unescaped, to read their texts)."""
    match = re.search(
        rf'<div id="{field}" data-block [^>]*data-w-block-data-value="([^"]*)"', response.content.decode()
    )
    return html.unescape(json.dumps(json.loads(html.unescape(match.group(1))), ensure_ascii=False))


LABELS = {
    "it": [
        "Scegli un dato",
        "Scegli un altro dato",
        "Modifica questo dato",
        "Scegli un'indagine",
        '"label": "Infografica: prima e dopo"',
        '"label": "Dato"',
        '"label": "Prima (rilevazione)"',
        "Facoltativa: una nota sotto il grafico, in questa lingua.",
        "- Scegli una rilevazione -",
    ],
    "en": [
        "Choose a figure",
        "Choose another figure",
        "Edit this figure",
        "Choose a survey",
        '"label": "Infographic: then vs now"',
        '"label": "Figure"',
        '"label": "Then (wave)"',
        "Optional: a note under the figure, in this language.",
        "- Choose a wave -",
    ],
}


@pytest.mark.parametrize("first,then", [("en", "it"), ("it", "en")])
def test_block_and_chooser_labels_follow_each_editor_after_another_language_was_served(
    client, admin_user, demo, first, then
):
    client.force_login(admin_user)
    article = demo["article"]
    figure = Figure.objects.first()
    for language in (first, then):
        speak(admin_user, language)
        definition = block_definition(client.get(f"/admin/pages/{article.pk}/edit/"))
        for text in LABELS[language]:
            assert text in definition, (language, text)
        other = "en" if language == "it" else "it"
        for text in [*LABELS[other][:4], "- Select an option -"]:
            assert text not in definition, (language, text)
        # The figure editor's survey chooser too (a form field, not a block).
        figure_editor = html.unescape(client.get(f"/admin/snippets/stats/figure/edit/{figure.pk}/").content.decode())
        assert {"it": "Scegli un'altra indagine", "en": "Choose another survey"}[language] in figure_editor


def test_the_editor_script_gets_what_it_needs_from_each_block(editor, demo):
    response = editor.get(f"/admin/pages/{demo['article'].pk}/edit/")
    assert "stats/admin/infographic-blocks.js" in response.content.decode()
    match = re.search(r'<div id="body_it" data-block [^>]*data-w-block-data-value="([^"]*)"', response.content.decode())
    definition = json.loads(html.unescape(match.group(1)))
    attrs = {}

    def walk(node):
        if isinstance(node, dict):
            meta_attrs = node.get("attrs")
            if isinstance(meta_attrs, dict) and meta_attrs.get("data-controller") == "stats-infographic":
                attrs[node["label"]] = meta_attrs
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(definition)
    then_now = attrs[{"it": "Infografica: prima e dopo", "en": "Infographic: then vs now"}[editor.language]]
    rank = attrs[{"it": "Infografica: classifica", "en": "Infographic: rank"}[editor.language]]
    assert json.loads(then_now["data-stats-infographic-units-value"]) == ["percent", "count"]
    assert json.loads(rank["data-stats-infographic-units-value"]) == ["rank"]
    assert then_now["data-stats-infographic-url-value"] == reverse("stats_figure_waves")
    assert then_now["data-stats-infographic-wrong-unit-value"].startswith(
        {"it": "«%(figure)s» è una posizione in classifica", "en": "“%(figure)s” is a rank"}[editor.language]
    )
    assert len(attrs) == 4  # every block that chooses figures; not the sample


# --- The data the editor script reads -----------------------------------------------------------


def test_figure_waves_returns_only_the_chosen_figures_waves(editor, demo):
    ids = [figure_pk("customer-priority"), figure_pk("cloud-computing"), figure_pk("front-office-focus")]
    response = editor.get(reverse("stats_figure_waves"), {"id": ids})
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert set(figures) == {str(pk) for pk in ids}
    assert figures[str(ids[0])]["waves"] == {"today": "60%"}  # no 2009
    assert figures[str(ids[1])]["waves"] == {"2009": "30%", "today": "64%"}
    assert figures[str(ids[2])]["waves"] == {"today": {"it": "oltre l'80%", "en": "more than 80%"}[editor.language]}
    assert figures[str(ids[1])]["unit"] == "percent"
    assert figures[str(ids[1])]["label"] == Figure.objects.get(pk=ids[1]).__dict__[f"label_{editor.language}"]

    rank = editor.get(reverse("stats_figure_waves"), {"id": figure_pk("technology-factors-rank")}).json()["figures"]
    assert list(rank.values()) == [
        {
            "label": rank[next(iter(rank))]["label"],
            "unit": "rank",
            "waves": {"2009": {"it": "6º posto", "en": "6th place"}[editor.language]},
        }
    ]


def test_figure_waves_refuses_anonymous_users_and_non_editors(client, demo, django_user_model):
    url = reverse("stats_figure_waves")
    pk = figure_pk("cloud-computing")
    anonymous = client.get(url, {"id": pk})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert b"64%" not in anonymous.content

    reader = django_user_model.objects.create_user(username="reader", password="x")
    client.force_login(reader)
    refused = client.get(url, {"id": pk}, headers={"x-requested-with": "XMLHttpRequest"})
    assert refused.status_code in (302, 403)
    assert b"64%" not in refused.content


def test_chooser_blocks_keep_the_stored_block_definitions(db):
    # The figure and survey choosers are admin-only subclasses: migrations must not change.
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())

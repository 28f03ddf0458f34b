"""The translation status report and the explorer tell editors which pages, surveys and figures lack a
language or are behind another language, in the editor's admin language; fixing the copy through
the admin (as a browser posts it) clears them."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import get_default_page_content_type
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticlePage
from core.models import TranslationGap, TranslationState
from stats.models import Figure, Survey
from tests.factories import article_form_data, figure_form_data, make_article, set_admin_language, survey_form_data

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]

REPORT = "/admin/reports/translation-status/"

WORDS = {
    "it": {
        "en": "Inglese",
        "it": "Italiano",
        "missing": "Mancante",
        "outdated": "Da aggiornare",
        "title": "Titolo",
        "body": "Testo",
        "standfirst": "Sommario",
        "description": "Descrizione",
        "label": "Etichetta",
        "article": "Articolo",
        "figure": "Dato",
        "wave_label": "Rilevazione: etichetta",
        "en_missing": "EN mancante",
        "it_outdated": "IT da aggiornare",
        "en_outdated": "EN da aggiornare",
    },
    "en": {
        "en": "English",
        "it": "Italian",
        "missing": "Missing",
        "outdated": "Outdated",
        "title": "Title",
        "body": "Body",
        "standfirst": "Standfirst",
        "description": "Description",
        "label": "Label",
        "article": "Article",
        "figure": "Figure",
        "wave_label": "Wave: label",
        "en_missing": "EN missing",
        "it_outdated": "IT outdated",
        "en_outdated": "EN outdated",
    },
}

ITALIAN_ONLY = {
    "title": "Solo in italiano",
    "slug": "solo-in-italiano",
    "standfirst": "Un sommario.",
    "body": "Testo italiano.",
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    client.words = WORDS[request.param]
    return client


@pytest.fixture
def italian_only(demo):
    return make_article(demo["index"], it=ITALIAN_ONLY, day=date(2026, 12, 1))


class ListingTable(HTMLParser):
    """The rows of the admin listing table (class "listing"): each cell's text, and its links."""

    def __init__(self):
        super().__init__()
        self.rows, self.depth, self.cell = [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "listing" in (attrs.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append({"cells": [], "links": []})
        elif self.depth and tag == "td":
            self.cell = []
        elif self.depth and tag == "a" and self.rows and attrs.get("href"):
            self.rows[-1]["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth = 0
        elif self.depth and tag == "td" and self.cell is not None:
            self.rows[-1]["cells"].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str) -> list[dict]:
    parser = ListingTable()
    parser.feed(html)
    return [row for row in parser.rows if row["cells"]]


def report_rows(client, **params) -> list[dict]:
    """The report's rows as the editor sees them: labels in the admin's language."""
    response = client.get(REPORT, params)
    assert response.status_code == 200
    return [
        {
            "title": cells[0],
            "type": cells[1],
            "language": cells[2],
            "state": cells[3],
            "fields": cells[4],
            "url": row["links"][0] if row["links"] else None,
        }
        for row in table_rows(response.content.decode())
        for cells in [row["cells"]]
    ]


def rows_for(client, title, **params) -> list[dict]:
    return [row for row in report_rows(client, **params) if row["title"] == title]


def gap(client, language, state) -> tuple[str, str]:
    return client.words[language], client.words[state]


def publish(client, page, **fields):
    data = article_form_data(page.get_latest_revision_as_object(), **fields)
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.status_code == 200 else response
    return ArticlePage.objects.get(pk=page.pk)


# --- Pages ---------------------------------------------------------------------------------


def test_demo_content_is_fully_translated(editor, demo):
    assert report_rows(editor) == []


def test_a_page_missing_in_english_is_listed_with_its_fields_then_clears_when_translated(editor, italian_only):
    words = editor.words
    rows = rows_for(editor, ITALIAN_ONLY["title"])
    assert [(row["language"], row["state"]) for row in rows] == [gap(editor, "en", "missing")]
    assert rows[0]["type"] == words["article"]
    assert rows[0]["fields"] == ", ".join([words["title"], words["standfirst"], words["body"]])
    assert rows[0]["url"] == f"/admin/pages/{italian_only.pk}/edit/"

    data = article_form_data(
        italian_only,
        title_en="English at last",
        slug_en="english-at-last",
        standfirst_en="A standfirst.",
        body={"en": [("paragraph", rich_text("<p>English text.</p>"))]},
    )
    assert editor.post(f"/admin/pages/{italian_only.pk}/edit/", {**data, "action-publish": "1"}).status_code == 302
    assert rows_for(editor, ITALIAN_ONLY["title"]) == []


def test_a_change_in_one_language_makes_the_other_outdated_until_it_is_updated(editor, demo):
    article, words = demo["article"], editor.words
    publish(editor, article, standfirst_it="Un sommario riscritto.")
    rows = rows_for(editor, article.title_it)
    assert [(row["language"], row["state"], row["fields"]) for row in rows] == [
        (*gap(editor, "en", "outdated"), words["standfirst"])
    ]

    # Updating the English copy catches up: neither language is outdated now.
    publish(editor, article, standfirst_en="A rewritten standfirst.")
    assert rows_for(editor, article.title_it) == []

    # A new change in English is new copy: the Italian is now behind.
    publish(editor, article, standfirst_en="A standfirst rewritten twice.")
    rows = rows_for(editor, article.title_it)
    assert [(row["language"], row["state"], row["fields"]) for row in rows] == [
        (*gap(editor, "it", "outdated"), words["standfirst"])
    ]


def test_a_draft_counts_too(editor, demo):
    """Editors translate in drafts: the status follows the latest revision, not the live copy."""
    article = demo["article"]
    data = article_form_data(article, standfirst_it="Un sommario in bozza.")
    assert editor.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
    assert [(row["language"], row["state"]) for row in rows_for(editor, article.title_it)] == [
        gap(editor, "en", "outdated")
    ]


# --- Figures and surveys (snippets) --------------------------------------------------------


def test_a_figure_missing_and_outdated_in_english_is_listed_then_clears(editor, demo):
    figure, words = Figure.objects.get(key="cloud-computing"), editor.words
    url = f"/admin/snippets/stats/figure/edit/{figure.pk}/"

    data = figure_form_data(
        figure,
        description_it="Quota di CIO che adottano il cloud.",
        description_en="",
        label_it=figure.label_it + " (rivisto)",
    )
    assert editor.post(url, data).status_code == 302
    rows = {(row["language"], row["state"]): row for row in report_rows(editor) if row["url"] == url}
    assert set(rows) == {gap(editor, "en", "missing"), gap(editor, "en", "outdated")}
    assert rows[gap(editor, "en", "missing")]["fields"] == words["description"]
    assert rows[gap(editor, "en", "outdated")]["fields"] == words["label"]
    assert {row["type"] for row in rows.values()} == {words["figure"]}

    figure = Figure.objects.get(pk=figure.pk)
    data = figure_form_data(
        figure, description_en="Share of CIOs adopting the cloud.", label_en=figure.label_en + " (revised)"
    )
    assert editor.post(url, data).status_code == 302
    assert [row for row in report_rows(editor) if row["url"] == url] == []


def test_a_survey_wave_label_counts_as_copy(editor, demo):
    survey = Survey.objects.get()
    url = f"/admin/snippets/stats/survey/edit/{survey.pk}/"
    waves = [
        {
            "id": w.pk,
            "key": w.key,
            "year": w.year or "",
            "label_it": w.label_it or "",
            "label_en": "" if w.key == "2009" else (w.label_en or ""),
            "ORDER": str(i),
        }
        for i, w in enumerate(survey.waves.all())
    ]
    assert editor.post(url, survey_form_data(survey, waves=waves)).status_code == 302
    rows = [row for row in report_rows(editor) if row["url"] == url]
    assert [(row["language"], row["state"], row["fields"]) for row in rows] == [
        (*gap(editor, "en", "missing"), editor.words["wave_label"])
    ]


# --- Filters, export, access -------------------------------------------------------------


def test_the_report_filters_by_language_and_state(editor, demo, italian_only):
    article = demo["article"]
    publish(editor, article, standfirst_en="Only the English changed.")  # the Italian is now outdated

    def listed(**params):
        return {(row["title"], row["language"], row["state"]) for row in report_rows(editor, **params)}

    missing = (ITALIAN_ONLY["title"], *gap(editor, "en", "missing"))
    outdated = (article.title_it, *gap(editor, "it", "outdated"))
    assert listed() == {missing, outdated}
    assert listed(language="en") == {missing}
    assert listed(language="it") == {outdated}
    assert listed(kind="missing") == {missing}
    assert listed(kind="outdated") == {outdated}
    assert listed(language="en", kind="outdated") == set()


def test_the_report_exports_a_spreadsheet(editor, italian_only):
    response = editor.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    csv = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert ITALIAN_ONLY["title"] in csv
    assert editor.words["missing"] in csv and editor.words["body"] in csv


def test_the_report_is_in_the_reports_menu_for_editors(client, italian_only, django_user_model):
    editor_user = django_user_model.objects.create_user("editor", "editor@example.invalid", "pw")
    editor_user.groups.add(Group.objects.get(name="Editors"))
    set_admin_language(editor_user, "en")
    client.force_login(editor_user)
    client.words = WORDS["en"]
    home = client.get("/admin/").content.decode()
    assert REPORT in home and "Translation status" in home
    assert [row["title"] for row in report_rows(client)] == [ITALIAN_ONLY["title"]]

    outsider = django_user_model.objects.create_user("reader", "reader@example.invalid", "pw")
    client.force_login(outsider)
    assert client.get(REPORT).status_code == 302  # to the admin login: no admin access


# --- The page explorer -------------------------------------------------------------------


def test_the_explorer_tags_pages_and_filters_by_status(editor, demo, italian_only):
    index, article, words = demo["index"], demo["article"], editor.words
    publish(editor, article, standfirst_en="Only the English changed.")

    def tags(params=None, parent=index):
        response = editor.get(f"/admin/pages/{parent.pk}/", params or {})
        assert response.status_code == 200
        # The translation column is the one before the explorer's "navigate" column.
        return {
            row["links"][0]: row["cells"][-2] for row in table_rows(response.content.decode()) if len(row["cells"]) > 2
        }

    listed = tags()
    edit = lambda page: f"/admin/pages/{page.pk}/edit/"  # noqa: E731
    assert (
        listed[edit(italian_only)] == f"{words['en_missing']}: {words['title']}, {words['standfirst']}, {words['body']}"
    )
    assert listed[edit(article)] == f"{words['it_outdated']}: {words['standfirst']}"

    assert set(tags({"translation": "en:missing"})) == {edit(italian_only)}
    assert set(tags({"translation": "it:outdated"})) == {edit(article)}
    assert set(tags({"translation": "en:outdated"})) == set()
    assert set(tags({"translation": "any"})) == {edit(italian_only), edit(article)}
    # Filtering from the home page searches the pages below it.
    assert set(tags({"translation": "en:missing"}, parent=demo["home"])) == {edit(italian_only)}
    # The filter offers every state by name (no page is outdated in English: only the filter says it).
    assert words["en_outdated"] in editor.get(f"/admin/pages/{index.pk}/").content.decode()


# --- Bookkeeping -------------------------------------------------------------------------


def test_deleting_an_object_removes_its_status(admin_client, italian_only):
    page_type = get_default_page_content_type()
    states = TranslationState.objects.filter(base_content_type=page_type, object_id=str(italian_only.pk))
    assert states.exists() and TranslationGap.objects.filter(state__in=states).exists()
    response = admin_client.post(f"/admin/pages/{italian_only.pk}/delete/")
    assert response.status_code == 302
    assert not states.exists()
    assert not TranslationGap.objects.filter(
        state__base_content_type=page_type, state__object_id=str(italian_only.pk)
    ).exists()


def test_deleting_a_figure_removes_its_status(admin_client, demo):
    figure = Figure.objects.create(
        survey=Survey.objects.get(),
        key="temporary",
        label_it="Provvisorio",
        label_en="Temporary",
        description_it="Solo in italiano.",
    )
    figure.save_revision()
    states = TranslationState.objects.filter(content_type__model="figure", object_id=str(figure.pk))
    assert states.exists() and TranslationGap.objects.filter(state__in=states).exists()
    response = admin_client.post(f"/admin/snippets/stats/figure/delete/{figure.pk}/")
    assert response.status_code == 302
    assert not states.exists()


def test_the_rebuild_command_recomputes_the_status_from_revisions(editor, demo, italian_only):
    publish(editor, demo["article"], standfirst_en="Only the English changed.")
    before = sorted(report_rows(editor), key=lambda row: (row["title"], row["language"], row["state"]))
    assert len(before) == 2
    TranslationState.objects.all().delete()
    assert report_rows(editor) == []
    call_command("rebuild_translation_status", verbosity=0)
    assert sorted(report_rows(editor), key=lambda row: (row["title"], row["language"], row["state"])) == before


def test_wagtail_modeltranslation_copy_buttons_are_turned_off(admin_client, demo):
    article = demo["article"]
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "copy_stream_fields.js" not in html
    assert "untranslated_blocks.js" in html  # ours is there instead
    # Its AJAX view (CSRF-exempt) is gone too: what it answered with the other field's blocks.
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/copy_translation_content/",
        {"origin_field_name": "body_it", "target_field_name": "body_en", "serializedOriginField": "[]"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        follow=True,
    )
    assert response.status_code == 404

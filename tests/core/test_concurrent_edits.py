"""Two editors save the same page, figure or survey: nothing either of them did is lost.

Each editor works as a browser does: opens the editor (GET), keeps the hidden inputs the form was
rendered with (Wagtail's loaded_revision_id and ours), and posts them back with their changes.
Both admin languages: the conflict is named in the editor's language.

The launch article is saved this way in the first test; the others edit a short article
(conftest.small_article), as what is merged is the same and its form a twentieth of the size.
"""

import html
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticlePage
from stats.models import Figure, Survey
from tests.factories import article_form_data, figure_form_data, set_admin_language, survey_form_data

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]

STATE = "concurrent_edits"
LABELS = {  # field labels as the admin shows them, per admin language
    "standfirst_it": {"it": "Sommario [it]", "en": "Standfirst [it]"},
    "title_en": {"it": "Titolo [en]", "en": "Title [en]"},
    "observations": {"it": "Valori", "en": "Values"},
}
CHANGED_SINCE = {
    "it": "Maria Rossi ha modificato questo campo da quando hai aperto la pagina; ora contiene «{value}». "
    "Tieni la tua versione o prendi la sua.",
    "en": "Maria Rossi changed this since you opened the page; it now reads «{value}». Keep yours or take theirs.",
}
WAVE = {
    "it": {"2009": "Studio sui CIO · 2009", "today": "Studio sui CIO · oggi"},
    "en": {"2009": "CIO Study · 2009", "today": "CIO Study · today"},
}
EXACT = {"it": "esattamente", "en": "exactly"}
CHANGED_SINCE_EDITOR = {
    "it": "Maria Rossi ha modificato questo campo da quando hai aperto l'editor; ora contiene «{value}». "
    "Tieni la tua versione o prendi la sua.",
    "en": "Maria Rossi changed this since you opened the editor; it now reads «{value}». Keep yours or take theirs.",
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def language(request):
    # Tests whose editors read a message run in both admin languages; tests of what is saved
    # pick one (parametrize "language" directly), alternating between the two.
    return request.param


def make_editor(django_user_model, username, first, last, language):
    user = django_user_model.objects.create_superuser(
        username, f"{username}@example.com", "pw", first_name=first, last_name=last
    )
    set_admin_language(user, language)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def maria(django_user_model, language):
    return make_editor(django_user_model, "maria", "Maria", "Rossi", language)


@pytest.fixture
def luca(django_user_model, language):
    return make_editor(django_user_model, "luca", "Luca", "Bianchi", language)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def open_editor(client, url, form_id) -> dict:
    """GET the editor and keep the hidden inputs a browser would post back."""
    response = client.get(url)
    assert response.status_code == 200
    return hidden_inputs(response, form_id)


class _HiddenInputs(HTMLParser):
    """The hidden inputs of one form, as a browser posts them back (a streaming parse: the editor's
    page is large, and a tree of it is not needed for three inputs)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.found = form_id, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif tag == "input" and self.inside and attrs.get("type") == "hidden" and attrs.get("name"):
            self.found[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def hidden_inputs(response, form_id) -> dict:
    parser = _HiddenInputs(form_id)
    parser.feed(response.content.decode())
    data = parser.found
    kept = {
        name: data[name]
        for name in ("loaded_revision_id", "loaded_revision_created_at", f"{STATE}-base")
        if name in data
    }
    assert kept.get("loaded_revision_id") and kept.get(f"{STATE}-base"), "the editor must carry its revision"
    return kept


# --- Pages ----------------------------------------------------------------------------------


def page_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def latest(page) -> ArticlePage:
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


@pytest.mark.parametrize("action", ["draft", "publish"])
def test_an_english_title_fix_keeps_a_colleagues_italian_standfirst(demo, maria, luca, action):
    page = demo["article"]
    url = page_url(page)
    maria_opened = open_editor(maria, url, "page-edit-form")
    luca_opened = open_editor(luca, url, "page-edit-form")
    extra = {"action-publish": "1"} if action == "publish" else {}

    saved = maria.post(url, {**article_form_data(page, standfirst_it="Il sommario di Maria."), **maria_opened, **extra})
    assert saved.status_code == 302
    # Luca's form still holds the old standfirst: only his English title is a change of his.
    saved = luca.post(
        url,
        {
            **article_form_data(page, title_en="IT leaders have a new boss: the customer (fixed)"),
            **luca_opened,
            **extra,
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved

    result = latest(page)
    assert result.standfirst_it == "Il sommario di Maria."
    assert result.title_en == "IT leaders have a new boss: the customer (fixed)"
    assert page.revisions.order_by("-created_at", "-pk").first().user == luca.user
    if action == "publish":
        live = ArticlePage.objects.get(pk=page.pk)
        assert live.live and not live.has_unpublished_changes
        assert live.standfirst_it == "Il sommario di Maria."
        assert live.title_en == "IT leaders have a new boss: the customer (fixed)"


def test_a_change_to_the_body_by_one_and_the_title_by_the_other_both_survive(small_article, maria, luca):
    from wagtail.test.utils.form_data import rich_text

    page = small_article
    url = page_url(page)
    maria_opened = open_editor(maria, url, "page-edit-form")
    luca_opened = open_editor(luca, url, "page-edit-form")
    new_body = {"en": [("paragraph", rich_text("<p>A rewritten English body.</p>"))]}
    assert maria.post(url, {**article_form_data(page, body=new_body), **maria_opened}).status_code == 302
    saved = luca.post(url, {**article_form_data(page, title_it="Titolo di Luca"), **luca_opened})
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved

    result = latest(page)
    assert result.title_it == "Titolo di Luca"
    assert [block.block_type for block in result.body_en] == ["paragraph"]
    assert "A rewritten English body." in result.body_en[0].value.source
    assert "Testo breve." in str(result.body_it)  # Luca's untouched Italian body is as it was


def conflict_on_standfirst(page, maria, luca, language):
    """Maria and Luca both change the Italian standfirst; Luca also fixes the English title, and Maria
    fills in the English author, empty until then (Luca's form leaves it empty: in the English admin
    that field once read as Maria's value to the merge, and her author was lost)."""
    url = page_url(page)
    maria_opened = open_editor(maria, url, "page-edit-form")
    luca_opened = open_editor(luca, url, "page-edit-form")
    assert (
        maria.post(
            url,
            {**article_form_data(page, standfirst_it="Il sommario di Maria.", author_en="Maria Rossi"), **maria_opened},
        ).status_code
        == 302
    )
    luca_form = article_form_data(page, standfirst_it="Il sommario di Luca.", title_en="A title fixed by Luca")
    response = luca.post(url, {**luca_form, **luca_opened})
    return page, url, luca_form, response


def test_both_changed_the_same_field_the_form_names_it_and_loses_nothing(small_article, maria, luca, language):
    page, _url, _luca_form, response = conflict_on_standfirst(small_article, maria, luca, language)

    assert response.status_code == 200, "the form comes back instead of overwriting"
    form = response.context["form"]
    message = CHANGED_SINCE[language].format(value="Il sommario di Maria.")
    assert form.errors["standfirst_it"] == [message]
    text = text_of(response)
    # The banner names the field with its language, the other editor and their value.
    assert f"{LABELS['standfirst_it'][language]}: {message}" in text
    # Nothing is saved over Maria's version...
    assert latest(page).standfirst_it == "Il sommario di Maria."
    assert page.revisions.order_by("-created_at", "-pk").first().user == maria.user
    # ...and nothing of Luca's is lost: his standfirst and his title are in the form shown again,
    assert form["standfirst_it"].value() == "Il sommario di Luca."
    assert form["title_en"].value() == "A title fixed by Luca"
    # with Maria's other change filled in, and a choice for the one field they both changed.
    assert form["author_en"].value() == "Maria Rossi"
    assert f'name="{STATE}-choice-standfirst_it" value="mine"' in text
    assert f'name="{STATE}-choice-standfirst_it" value="theirs"' in text
    assert f'name="{STATE}-choice-title_en"' not in text


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_the_editor_chooses_per_field_and_saves_again_without_retyping(small_article, maria, luca, language, choice):
    page, url, luca_form, response = conflict_on_standfirst(small_article, maria, luca, language)
    assert response.status_code == 200
    # What the browser posts back: the form as shown again (Maria's author filled in) plus a choice.
    shown = hidden_inputs(response, "page-edit-form")
    again = {
        **luca_form,
        "author_en": response.context["form"]["author_en"].value(),
        **shown,
        f"{STATE}-conflict": "standfirst_it",
        f"{STATE}-choice-standfirst_it": choice,
    }
    saved = luca.post(url, again)
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved

    result = latest(page)
    assert result.standfirst_it == ("Il sommario di Luca." if choice == "mine" else "Il sommario di Maria.")
    assert result.title_en == "A title fixed by Luca"
    assert result.author_en == "Maria Rossi"


@pytest.mark.parametrize("language", ["en"])  # saves and merges; no text to read
def test_the_base_survives_the_form_shown_again(small_article, maria, luca, language):
    """What Wagtail renders as loaded_revision_id after a failed save is the latest revision: the
    form shown again is rebased onto it, so a second submit without a choice asks again and a
    submit that leaves Maria's change alone does not undo it."""
    page, url, luca_form, response = conflict_on_standfirst(small_article, maria, luca, language)
    shown = hidden_inputs(response, "page-edit-form")
    latest_revision = page.revisions.order_by("-created_at", "-pk").first()
    assert shown["loaded_revision_id"] == shown[f"{STATE}-base"] == str(latest_revision.pk)

    # No choice made: asked again, nothing saved.
    again = {**luca_form, "author_en": "Maria Rossi", **shown, f"{STATE}-conflict": "standfirst_it"}
    response = luca.post(url, again)
    assert response.status_code == 200
    assert response.context["form"].errors["standfirst_it"] == [
        CHANGED_SINCE[language].format(value="Il sommario di Maria.")
    ]
    assert page.revisions.order_by("-created_at", "-pk").first() == latest_revision


def test_a_third_save_between_conflict_and_choice_is_asked_about_again(small_article, maria, luca, language):
    page, url, luca_form, response = conflict_on_standfirst(small_article, maria, luca, language)
    shown = hidden_inputs(response, "page-edit-form")
    # Maria changes the standfirst once more while Luca reads the conflict.
    maria_again = open_editor(maria, url, "page-edit-form")
    assert (
        maria.post(
            url, {**article_form_data(latest(page), standfirst_it="Il secondo sommario di Maria."), **maria_again}
        ).status_code
        == 302
    )

    again = {
        **luca_form,
        "author_en": "Maria Rossi",
        **shown,
        f"{STATE}-conflict": "standfirst_it",
        f"{STATE}-choice-standfirst_it": "mine",
    }
    response = luca.post(url, again)
    # His choice was about a value that is no longer there: he is asked about the new one.
    assert response.status_code == 200
    assert response.context["form"].errors["standfirst_it"] == [
        CHANGED_SINCE[language].format(value="Il secondo sommario di Maria.")
    ]
    assert latest(page).standfirst_it == "Il secondo sommario di Maria."


# --- Autosave ---------------------------------------------------------------------------


def autosave(client, url, data):
    """What Wagtail's autosave sends: the whole form, as JSON-accepting fetch, with
    overwrite_revision_id once it has saved a revision."""
    return client.post(url, data, headers={"Accept": "application/json"})


@pytest.mark.parametrize("language", ["it"])  # saves and merges; no text to read
def test_an_editors_own_autosave_does_not_conflict_with_their_save(small_article, luca, language):
    page = small_article
    url = page_url(page)
    opened = open_editor(luca, url, "page-edit-form")

    first = autosave(luca, url, {**article_form_data(page, standfirst_it="Primo"), **opened})
    assert first.status_code == 200 and first.json()["success"], first.content
    revision_id = first.json()["revision_id"]
    # The browser applies the field updates of the autosave response to the open form.
    assert first.json()["field_updates"][f"{STATE}-base"] == str(revision_id)
    opened.update(first.json()["field_updates"])
    second = autosave(
        luca, url, {**article_form_data(page, standfirst_it="Secondo"), **opened, "overwrite_revision_id": revision_id}
    )
    assert second.status_code == 200 and second.json()["revision_id"] == revision_id
    opened.update(second.json()["field_updates"])

    # The save button posts the form as loaded (Wagtail's loaded_revision_id is still the original).
    saved = luca.post(url, {**article_form_data(page, standfirst_it="Terzo"), **opened})
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved
    assert latest(page).standfirst_it == "Terzo"


@pytest.mark.parametrize("language", ["en"])  # saves and merges; no text to read
def test_autosave_never_merges_over_a_newer_version(small_article, maria, luca, language):
    page = small_article
    url = page_url(page)
    luca_opened = open_editor(luca, url, "page-edit-form")
    maria_opened = open_editor(maria, url, "page-edit-form")
    assert (
        maria.post(url, {**article_form_data(page, standfirst_it="Il sommario di Maria."), **maria_opened}).status_code
        == 302
    )
    revisions = page.revisions.count()

    response = autosave(luca, url, {**article_form_data(page, title_en="Luca's title"), **luca_opened})
    assert response.status_code == 400 and response.json()["error_code"] == "invalid_revision"
    assert page.revisions.count() == revisions
    assert latest(page).title_en != "Luca's title"


def test_autosave_with_an_unanswered_conflict_saves_nothing(small_article, maria, luca, language):
    page, url, luca_form, response = conflict_on_standfirst(small_article, maria, luca, language)
    shown = hidden_inputs(response, "page-edit-form")
    revisions = page.revisions.count()
    again = {**luca_form, "author_en": "Maria Rossi", **shown, f"{STATE}-conflict": "standfirst_it"}
    response = autosave(luca, url, again)
    assert response.status_code == 400 and response.json()["error_code"] == "validation_error"
    assert page.revisions.count() == revisions
    assert latest(page).standfirst_it == "Il sommario di Maria."


# --- Figures and surveys -----------------------------------------------------------------


def figure_url(figure) -> str:
    return f"/admin/snippets/stats/figure/edit/{figure.pk}/"


def observation_rows(figure, **values_by_wave):
    rows = []
    for i, o in enumerate(figure.observations.all()):
        value = values_by_wave.get(o.wave.key, str(o.value))
        rows.append({"id": o.pk, "wave": o.wave_id, "qualifier": o.qualifier, "value": value, "ORDER": str(i)})
    return rows


def values_of(figure) -> dict:
    return {o.wave.key: o.value for o in Figure.objects.get(pk=figure.pk).observations.all()}


def test_a_value_changed_by_one_and_the_short_label_by_the_other_both_survive(demo, maria, luca, language):
    figure = Figure.objects.get(key="cloud-computing")
    url = figure_url(figure)
    maria_opened = open_editor(maria, url, "w-editor-form")
    luca_opened = open_editor(luca, url, "w-editor-form")
    # Each form holds what its editor opened (the rows are read now, before Maria saves).
    maria_form = figure_form_data(figure, observations=observation_rows(figure, today="66"))
    luca_form = figure_form_data(figure, short_label_en="Cloud")

    saved = maria.post(url, {**maria_form, **maria_opened})
    assert saved.status_code == 302
    saved = luca.post(url, {**luca_form, **luca_opened})
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved

    result = Figure.objects.get(pk=figure.pk)
    assert result.short_label_en == "Cloud"
    assert values_of(figure)["today"] == 66
    # The revision saved is the merged one too (the history and the next editor start from it).
    content = result.latest_revision.content
    assert content["short_label_en"] == "Cloud"
    assert [Decimal(row["value"]) for row in content["observations"]] == [30, 66]


def test_two_editors_changing_a_figures_values_are_asked_which_to_keep(demo, maria, luca, language):
    figure = Figure.objects.get(key="cloud-computing")
    url = figure_url(figure)
    maria_opened = open_editor(maria, url, "w-editor-form")
    luca_opened = open_editor(luca, url, "w-editor-form")
    maria_form = figure_form_data(figure, observations=observation_rows(figure, today="66"))
    luca_form = figure_form_data(figure, observations=observation_rows(figure, today="70"))
    assert maria.post(url, {**maria_form, **maria_opened}).status_code == 302

    response = luca.post(url, {**luca_form, **luca_opened})
    assert response.status_code == 200
    text = text_of(response)
    # Named by the heading over the rows; their rows as the editor reads them (66, not 66.00).
    message = CHANGED_SINCE_EDITOR[language].format(
        value=f"{WAVE[language]['2009']}, {EXACT[language]}, 30; {WAVE[language]['today']}, {EXACT[language]}, 66"
    )
    assert f"{LABELS['observations'][language]}: {message}" in text
    assert values_of(figure)["today"] == 66

    shown = hidden_inputs(response, "w-editor-form")
    saved = luca.post(
        url, {**luca_form, **shown, f"{STATE}-conflict": "observations", f"{STATE}-choice-observations": "mine"}
    )
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved
    assert values_of(figure)["today"] == 70


@pytest.mark.parametrize("language", ["it"])  # saves and merges; no text to read
def test_a_wave_label_changed_by_one_and_the_survey_title_by_the_other_both_survive(demo, maria, luca, language):
    survey = Survey.objects.get()
    url = f"/admin/snippets/stats/survey/edit/{survey.pk}/"
    maria_opened = open_editor(maria, url, "w-editor-form")
    luca_opened = open_editor(luca, url, "w-editor-form")
    waves = [
        {
            "id": w.pk,
            "key": w.key,
            "year": w.year or "",
            "label_it": w.label_it or "",
            "label_en": (w.label_en or "") if w.key != "today" else "now",
            "ORDER": str(i),
        }
        for i, w in enumerate(survey.waves.all())
    ]
    maria_form = survey_form_data(survey, waves=waves)
    luca_form = survey_form_data(survey, title_en="The IBM CIO study")  # the waves as Luca opened them
    assert maria.post(url, {**maria_form, **maria_opened}).status_code == 302
    saved = luca.post(url, {**luca_form, **luca_opened})
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved

    result = Survey.objects.get()
    assert result.title_en == "The IBM CIO study"
    assert result.waves.get(key="today").label_en == "now"


@pytest.mark.parametrize("language", ["en"])  # saves and merges; no text to read
def test_the_figure_shown_again_holds_their_values_and_posting_it_back_keeps_them(demo, maria, luca, language):
    """Maria changes a value and the English short label; Luca changes the short label too. The
    form Luca gets back shows Maria's value in the rows; posting that form back exactly as
    rendered (plus his choice) keeps her value and his label."""
    figure = Figure.objects.get(key="cloud-computing")
    url = figure_url(figure)
    maria_opened = open_editor(maria, url, "w-editor-form")
    luca_opened = open_editor(luca, url, "w-editor-form")
    maria_form = figure_form_data(
        figure, observations=observation_rows(figure, today="66"), short_label_en="Cloud (Maria)"
    )
    luca_form = figure_form_data(figure, short_label_en="Cloud (Luca)")
    assert maria.post(url, {**maria_form, **maria_opened}).status_code == 302

    response = luca.post(url, {**luca_form, **luca_opened})
    assert response.status_code == 200
    shown = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    today = Figure.objects.get(pk=figure.pk).observations.get(wave__key="today")
    row = next(key[: -len("-id")] for key, value in shown.items() if key.endswith("-id") and value == str(today.pk))
    assert Decimal(shown[f"{row}-value"]) == 66
    assert shown["short_label_en"] == "Cloud (Luca)"

    shown[f"{STATE}-choice-short_label_en"] = "mine"
    shown["action-publish"] = "action-publish"  # the button he presses: figures are published like pages
    saved = luca.post(url, shown)
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved
    assert values_of(figure) == {"2009": 30, "today": 66}
    assert Figure.objects.get(pk=figure.pk).short_label_en == "Cloud (Luca)"


@pytest.mark.parametrize("language", ["it"])  # saves and merges; no text to read
def test_the_page_shown_again_holds_their_body(small_article, maria, luca, language):
    from wagtail.test.utils.form_data import rich_text

    page = small_article
    url = page_url(page)
    maria_opened = open_editor(maria, url, "page-edit-form")
    luca_opened = open_editor(luca, url, "page-edit-form")
    new_body = {"en": [("paragraph", rich_text("<p>Maria's English body.</p>"))]}
    assert (
        maria.post(
            url, {**article_form_data(page, body=new_body, standfirst_it="Il sommario di Maria."), **maria_opened}
        ).status_code
        == 302
    )

    response = luca.post(url, {**article_form_data(page, standfirst_it="Il sommario di Luca."), **luca_opened})
    assert response.status_code == 200
    body = response.context["form"]["body_en"].value()
    assert [block.block_type for block in body] == ["paragraph"]
    assert "Maria's English body." in body[0].value.source
    # The StreamField editor is drawn from that value.
    assert "Maria&#x27;s English body." in response.content.decode()


@pytest.mark.parametrize("language", ["en"])  # saves and merges; no text to read
def test_a_figure_autosaved_by_its_editor_then_saved_has_no_conflict(demo, luca, language):
    figure = Figure.objects.get(key="cloud-computing")
    url = figure_url(figure)
    opened = open_editor(luca, url, "w-editor-form")
    first = autosave(luca, url, {**figure_form_data(figure, short_label_en="Cloud 1"), **opened})
    assert first.status_code == 200 and first.json()["success"], first.content
    assert first.json()["field_updates"][f"{STATE}-base"] == str(first.json()["revision_id"])
    opened.update(first.json()["field_updates"])

    saved = luca.post(url, {**figure_form_data(figure, short_label_en="Cloud 2"), **opened})
    assert saved.status_code == 302, saved.context["form"].errors if saved.status_code == 200 else saved
    assert Figure.objects.get(pk=figure.pk).short_label_en == "Cloud 2"

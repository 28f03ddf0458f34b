"""Figures and surveys are published like pages: a draft changes nothing readers see, its preview
shows the articles citing it with the draft value in both languages, publishing makes it live
everywhere at once (and tells the page cache and search, once)."""

from html import unescape

import pytest

from stats.models import Figure, Survey
from tests.factories import figure_form_data, observation_rows, set_admin_language, survey_form_data

pytestmark = pytest.mark.django_db


def edit_url(figure):
    return f"/admin/snippets/stats/figure/edit/{figure.pk}/"


def read(client, page, language) -> str:
    return unescape(client.get(page.get_url_in(language)).content.decode())


@pytest.fixture
def cloud(demo):
    return Figure.objects.get(key="cloud-computing")


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    return client


def save_draft(client, figure, value):
    data = figure_form_data(figure, observations=observation_rows(figure, today={"value": value}), publish=False)
    response = client.post(edit_url(figure), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_existing_figures_and_surveys_are_live(demo):
    assert all(figure.live and figure.live_revision_id for figure in Figure.objects.all())
    assert Survey.objects.get().live


def test_a_draft_changes_nothing_readers_see(editor, client, demo, cloud, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(editor, cloud, "71")
    assert received == []  # nothing for the page cache or search to do
    figure = Figure.objects.get(pk=cloud.pk)
    assert figure.has_unpublished_changes
    assert figure.observation_for("today").value == 64
    assert figure.get_latest_revision_as_object().observation_for("today").value == 71
    for language in ("it", "en"):
        html = read(client, demo["article"], language)
        assert '<data value="64">' in html and "71%" not in html


@pytest.mark.parametrize(("language", "cited"), [("it", "il 71%"), ("en", "71%")])
def test_the_draft_preview_shows_the_citing_article_with_the_draft_value(admin_client, demo, cloud, language, cited):
    save_draft(admin_client, cloud, "71")
    draft = Figure.objects.get(pk=cloud.pk).get_latest_revision_as_object()
    response = draft.make_preview_request(preview_mode=language)
    response.render()
    html = unescape(response.content.decode())
    assert f'lang="{language}"' in html
    assert demo["article"].specific.title_it in html if language == "it" else demo["article"].title_en in html
    # The sentences citing it, and its own charts, drawn with the draft value in that language.
    assert f'<data value="71">{cited}</data>' in html
    assert ("+41 punti percentuali" if language == "it" else "+41 percentage points") in html
    assert "64%" not in html.split("<h2>", 1)[1]


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_preview_through_the_admin_answers_in_each_language(admin_client, cloud, language):
    data = figure_form_data(cloud, observations=observation_rows(cloud, today={"value": "72"}), publish=False)
    url = f"/admin/snippets/stats/figure/preview/{cloud.pk}/"
    assert admin_client.post(url, data).json()["is_valid"]
    html = unescape(admin_client.get(url, {"mode": language}).content.decode())
    assert '<data value="72">' in html


def test_publishing_makes_it_live_everywhere_at_once(
    editor, client, demo, cloud, received, django_capture_on_commit_callbacks
):
    save_draft(editor, cloud, "71")
    with django_capture_on_commit_callbacks(execute=True):
        data = figure_form_data(cloud, observations=observation_rows(cloud, today={"value": "71"}))
        assert editor.post(edit_url(cloud), data).status_code == 302
    assert received == [{"ibm-cio-study"}]
    assert not Figure.objects.get(pk=cloud.pk).has_unpublished_changes
    assert '<data value="71">il 71%</data>' in read(client, demo["article"], "it")
    english = read(client, demo["article"], "en")
    assert '<data value="71">71%</data>' in english and "+41 percentage points" in english


def test_a_figure_never_published_is_not_drawn_for_readers(client, demo, cloud):
    Figure.objects.filter(pk=cloud.pk).update(live=False)
    for language in ("it", "en"):
        html = read(client, demo["article"], language)
        assert '<data value="64">' not in html and '<data value="30">' not in html


def test_a_survey_draft_changes_nothing_until_published(editor, client, demo):
    survey = Survey.objects.get()
    data = survey_form_data(survey, countries=71, publish=False)
    assert editor.post(f"/admin/snippets/stats/survey/edit/{survey.pk}/", data).status_code == 302
    assert Survey.objects.get().countries == 70
    assert "71 paesi" not in read(client, demo["article"], "it")
    data = survey_form_data(survey, countries=71)
    assert editor.post(f"/admin/snippets/stats/survey/edit/{survey.pk}/", data).status_code == 302
    assert "71 paesi" in read(client, demo["article"], "it")
    assert "71 countries" in read(client, demo["article"], "en")


def test_a_lock_or_a_draft_is_not_a_data_change(demo, cloud, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cloud.locked = True
        cloud.save(update_fields=["locked"])
        cloud.save_revision()
    assert received == []

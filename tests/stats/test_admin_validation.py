"""Editors change figures in the Wagtail admin: bad values are refused with a clear message in the
editor's language, nothing already saved is lost, and every change is a revision."""

import pytest
from wagtail.models import Revision

from stats.models import Figure, Observation, Wave
from tests.factories import figure_form_data, observation_rows, wave_rows

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]


@pytest.fixture(params=["it", "en"])
def editor(request, admin_user, client):
    profile = admin_user.wagtail_userprofile if hasattr(admin_user, "wagtail_userprofile") else None
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = request.param
    profile.save()
    client.force_login(admin_user)
    client.language = request.param
    return client


def edit_url(figure) -> str:
    return f"/admin/snippets/stats/figure/edit/{figure.pk}/"


MESSAGES = {
    "percent": {
        "it": "Una percentuale deve essere compresa tra 0 e 100.",
        "en": "A percentage must be between 0 and 100.",
    },
    "rank": {
        "it": "Una posizione in classifica deve essere un numero intero pari almeno a 1",
        "en": "A rank must be a whole number of at least 1",
    },
    "rank_qualified": {"it": "Una posizione in classifica è esatta", "en": "A rank is exact"},
    "duplicate": {"it": "Questa rilevazione ha già un valore", "en": "This wave already has a value"},
    "empty": {"it": "Aggiungi almeno un valore", "en": "Add at least one value"},
}


def assert_refused(response, message, language):
    assert response.status_code == 200, "the form must come back, not redirect"
    assert message[language] in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("value", ["100.5", "-1", "250"])
def test_percent_outside_0_100_is_refused(editor, demo, value):
    figure = Figure.objects.get(key="cloud-computing")
    response = editor.post(
        edit_url(figure), figure_form_data(figure, observations=observation_rows(figure, today={"value": value}))
    )
    assert_refused(response, MESSAGES["percent"], editor.language)
    assert Observation.objects.get(figure=figure, wave__key="today").value == 64


@pytest.mark.parametrize("value", ["0", "-3", "2.5"])
def test_rank_below_one_or_fractional_is_refused(editor, demo, value):
    figure = Figure.objects.get(key="technology-factors-rank")
    response = editor.post(
        edit_url(figure), figure_form_data(figure, observations=observation_rows(figure, **{"2009": {"value": value}}))
    )
    assert_refused(response, MESSAGES["rank"], editor.language)
    assert Observation.objects.get(figure=figure).value == 6


def test_a_qualified_rank_is_refused(editor, demo):
    figure = Figure.objects.get(key="technology-factors-rank")
    response = editor.post(
        edit_url(figure),
        figure_form_data(figure, observations=observation_rows(figure, **{"2009": {"qualifier": "more_than"}})),
    )
    assert_refused(response, MESSAGES["rank_qualified"], editor.language)


def test_two_values_for_one_wave_are_refused(editor, demo):
    figure = Figure.objects.get(key="cloud-computing")
    today = Wave.objects.get(key="today")
    response = editor.post(
        edit_url(figure),
        figure_form_data(figure, observations=observation_rows(figure, **{"2009": {"wave": today.pk}})),
    )
    assert_refused(response, MESSAGES["duplicate"], editor.language)
    assert sorted(Observation.objects.filter(figure=figure).values_list("value", flat=True)) == [30, 64]


def test_a_figure_without_a_value_is_refused(editor, demo):
    figure = Figure.objects.get(key="cloud-computing")
    deleted = [dict(row, DELETE="1") for row in observation_rows(figure)]
    response = editor.post(edit_url(figure), figure_form_data(figure, observations=deleted))
    assert response.status_code == 200
    assert Observation.objects.filter(figure=figure).count() == 2
    assert_refused(response, MESSAGES["empty"], editor.language)


def test_changing_the_unit_revalidates_existing_values(editor, demo):
    figure = Figure.objects.get(key="front-office-focus")  # "more than 80": not a possible rank
    response = editor.post(edit_url(figure), figure_form_data(figure, unit="rank"))
    assert_refused(response, MESSAGES["rank_qualified"], editor.language)
    assert Figure.objects.get(pk=figure.pk).unit == "percent"


def test_a_valid_edit_is_saved_as_a_revision_and_can_be_reverted(client, admin_user, demo):
    client.force_login(admin_user)
    figure = Figure.objects.get(key="cloud-computing")
    revisions_before = Revision.objects.for_instance(figure).count()
    response = client.post(
        edit_url(figure), figure_form_data(figure, observations=observation_rows(figure, today={"value": "66.5"}))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Observation.objects.get(figure=figure, wave__key="today").value == 66.5
    revisions = Revision.objects.for_instance(figure).order_by("created_at", "pk")
    assert revisions.count() == revisions_before + 1

    # The article shows the new value in both languages, formatted for each.
    assert "66,5%" in client.get(demo["article"].get_url_in("it")).content.decode()
    assert "66.5%" in client.get(demo["article"].get_url_in("en")).content.decode()

    # Revert to the first revision: the history keeps it, and the old value is back.
    first = revisions.first()
    restored = first.as_object()
    restored.save()
    restored.save_revision(user=admin_user)
    assert Observation.objects.get(figure=figure, wave__key="today").value == 64
    assert "+34 punti percentuali" in client.get(demo["article"].get_url_in("it")).content.decode()


def test_history_page_lists_the_revisions(client, admin_user, demo):
    client.force_login(admin_user)
    figure = Figure.objects.get(key="cloud-computing")
    response = client.get(f"/admin/snippets/stats/figure/history/{figure.pk}/")
    assert response.status_code == 200


def test_figure_editor_has_both_languages(client, admin_user, demo):
    client.force_login(admin_user)
    figure = Figure.objects.get(key="cloud-computing")
    html = client.get(edit_url(figure)).content.decode()
    for field in ("label_it", "label_en", "short_label_it", "short_label_en", "description_it", "description_en"):
        assert f'name="{field}"' in html, field


def test_a_label_is_needed_in_both_languages(editor, demo):
    figure = Figure.objects.get(key="cloud-computing")
    response = editor.post(edit_url(figure), figure_form_data(figure, label_en=""))
    assert_refused(
        response,
        {"it": "Compila questo campo in ogni lingua", "en": "Fill this in for every language"},
        editor.language,
    )
    assert Figure.objects.get(pk=figure.pk).label_en == figure.label_en


def survey_url(survey) -> str:
    return f"/admin/snippets/stats/survey/edit/{survey.pk}/"


def test_removing_a_wave_that_holds_values_is_refused(editor, demo):
    from stats.models import Survey
    from tests.factories import survey_form_data

    survey = Survey.objects.get()
    response = editor.post(
        survey_url(survey), survey_form_data(survey, waves=wave_rows(survey, **{"2009": {"DELETE": "1"}}))
    )
    assert_refused(response, {"it": "contiene valori di dati", "en": "holds values of figures"}, editor.language)
    assert Wave.objects.filter(key="2009").exists()


def test_renaming_a_used_wave_key_is_refused_but_setting_its_year_works(client, admin_user, demo):
    from stats.models import Survey
    from tests.factories import survey_form_data

    client.force_login(admin_user)
    survey = Survey.objects.get()
    response = client.post(survey_url(survey), survey_form_data(survey, waves=wave_rows(survey, today={"key": "2025"})))
    assert response.status_code == 200
    assert (
        "Articles choose this wave by its key" in response.content.decode()
        or "Gli articoli scelgono" in response.content.decode()
    )
    response = client.post(
        survey_url(survey),
        survey_form_data(survey, waves=wave_rows(survey, today={"year": "2025", "label_it": "", "label_en": ""})),
    )
    assert response.status_code == 302
    # The article now says the year instead of "oggi"/"today".
    assert "2025" in client.get(demo["article"].get_url_in("en")).content.decode()


def test_a_survey_title_is_needed_in_both_languages(editor, demo):
    from stats.models import Survey
    from tests.factories import survey_form_data

    survey = Survey.objects.get()
    response = editor.post(survey_url(survey), survey_form_data(survey, title_en=""))
    assert_refused(
        response,
        {"it": "Compila questo campo in ogni lingua", "en": "Fill this in for every language"},
        editor.language,
    )


@pytest.mark.parametrize("cleared", ["label_en", "label_it"])
def test_a_wave_without_a_year_needs_its_label_in_every_language(editor, demo, cleared):
    """Clearing one language's label of the "today" wave was a 500; it is a message on that field."""
    from stats.models import Survey
    from tests.factories import survey_form_data

    survey = Survey.objects.get()
    response = editor.post(survey_url(survey), survey_form_data(survey, waves=wave_rows(survey, today={cleared: ""})))
    assert_refused(
        response, {"it": "oppure un'etichetta in ogni lingua", "en": "or a label in every language"}, editor.language
    )
    assert list(response.context["form"].formsets["waves"].errors[1]) == [cleared]  # on the field emptied
    assert Wave.objects.get(key="today").label_en == "today"

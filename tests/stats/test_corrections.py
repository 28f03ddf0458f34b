"""A published figure whose value changes leaves a dated note under every page citing it, in both
languages; a typo fix is recorded but shows no note; notes cannot be deleted."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.utils import translation

from stats.models import Correction, Figure
from tests.factories import figure_form_data, make_article, observation_rows, set_admin_language

pytestmark = pytest.mark.django_db

NOTE = {
    "it": re.compile(r"Aggiornato il \d+ \w+ \d{4}: il dato «Cloud computing, oggi» era 64%, ora è 65%\."),
    # The date as the site writes English dates (US or British order).
    "en": re.compile(
        r"Updated (\w+ \d+, \d{4}|\d+ \w+ \d{4}): the figure “Cloud computing, today” was 64%, it is now 65%\."
    ),
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    return client


@pytest.fixture
def cloud(demo):
    return Figure.objects.get(key="cloud-computing")


def publish_value(client, figure, value, *, publish=True):
    data = figure_form_data(figure, observations=observation_rows(figure, today={"value": value}), publish=publish)
    response = client.post(f"/admin/snippets/stats/figure/edit/{figure.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def article_text(client, page, language):
    return unescape(client.get(page.get_url_in(language)).content.decode())


def test_a_published_change_adds_a_note_to_every_citing_article_in_both_languages(editor, client, demo, cloud):
    publish_value(editor, cloud, "65")
    note = Correction.objects.get()
    assert (note.old_value, note.new_value, note.wave_key) == (64, 65, "today")
    for language in ("it", "en"):
        html = article_text(client, demo["article"], language)
        assert NOTE[language].search(html), language
        # Under the text, after the body.
        assert html.index('class="corrections"') > html.index("article__body")


def test_a_draft_leaves_no_note(editor, client, demo, cloud):
    publish_value(editor, cloud, "65", publish=False)
    assert not Correction.objects.exists()
    assert 'class="corrections"' not in article_text(client, demo["article"], "it")


def test_a_typo_fix_is_recorded_but_shows_no_note(editor, client, demo, cloud):
    publish_value(editor, cloud, "65")
    note = Correction.objects.get()
    response = editor.post(
        f"/admin/snippets/stats/correction/edit/{note.pk}/",
        {"reason_it": "", "reason_en": "", "is_typo": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note.refresh_from_db()
    assert note.is_typo
    assert note.revisions.count() == 2  # recorded when made, and when marked a typo fix
    for language in ("it", "en"):
        html = article_text(client, demo["article"], language)
        assert 'class="corrections"' not in html and not NOTE[language].search(html)


def test_a_reason_is_shown_in_each_language(editor, client, demo, cloud):
    publish_value(editor, cloud, "65")
    note = Correction.objects.get()
    editor.post(
        f"/admin/snippets/stats/correction/edit/{note.pk}/",
        {"reason_it": "IBM ha rivisto il dato.", "reason_en": "IBM revised the figure.", "is_typo": ""},
    )
    assert "ora è 65%. IBM ha rivisto il dato." in article_text(client, demo["article"], "it")
    assert "it is now 65%. IBM revised the figure." in article_text(client, demo["article"], "en")


def test_notes_cannot_be_deleted_or_made_by_hand(editor, demo, cloud):
    publish_value(editor, cloud, "65")
    note = Correction.objects.get()
    for url in (f"/admin/snippets/stats/correction/delete/{note.pk}/", "/admin/snippets/stats/correction/add/"):
        assert editor.get(url).status_code in (302, 403)
        editor.post(url, {})
    assert Correction.objects.filter(pk=note.pk).exists()
    listing = editor.get("/admin/snippets/stats/correction/")
    assert listing.status_code == 200
    assert f"/admin/snippets/stats/correction/delete/{note.pk}/" not in listing.content.decode()


def test_a_page_that_cites_the_figure_after_the_change_shows_no_note(client, demo, cloud):
    observation = cloud.observations.get(wave__key="today")
    observation.value = 65
    observation.save()
    assert Correction.objects.count() == 1
    later = make_article(
        demo["index"],
        it={"title": "Dopo", "slug": "dopo"},
        en={"title": "After", "slug": "after"},
        publish=False,
    )
    later.body_it = [("paragraph", f'<p>Il <embed embedtype="figure" id="{cloud.pk}" wave="today" form="value"/>.</p>')]
    later.body_en = later.body_it
    later.save_revision().publish()
    html = article_text(client, later, "it")
    assert '<data value="65">65%</data>' in html and 'class="corrections"' not in html


def test_date_modified_follows_the_note(demo, cloud):
    article = demo["article"]
    template = Template("{% load stats_tags %}{% date_modified page as when %}{{ when|date:'U' }}")
    with translation.override("en"):
        before = template.render(Context({"page": article}))
        observation = cloud.observations.get(wave__key="today")
        observation.value = 65
        observation.save()
        after = template.render(Context({"page": article}))
    assert int(after) > int(before)
    assert int(after) == int(Correction.objects.get().changed_at.timestamp())


def test_the_reason_or_typo_fix_can_be_given_when_publishing(editor, client, demo, cloud):
    data = figure_form_data(
        cloud,
        observations=observation_rows(cloud, today={"value": "65"}),
        correction_reason_it="IBM ha rivisto il dato.",
        correction_reason_en="IBM revised the figure.",
    )
    assert editor.post(f"/admin/snippets/stats/figure/edit/{cloud.pk}/", data).status_code == 302
    assert "ora è 65%. IBM ha rivisto il dato." in article_text(client, demo["article"], "it")
    assert "it is now 65%. IBM revised the figure." in article_text(client, demo["article"], "en")

    data = figure_form_data(cloud, observations=observation_rows(cloud, today={"value": "66"}), correction_is_typo="on")
    assert editor.post(f"/admin/snippets/stats/figure/edit/{cloud.pk}/", data).status_code == 302
    typo = Correction.objects.get(new_value=66)
    assert typo.is_typo and typo.revisions.count() == 2  # the choice is itself recorded
    assert "ora è 66%" not in article_text(client, demo["article"], "it")

"""Numbers typed by hand are checked against the figures the page cites and across languages: a
warning that names the field, the language and both numbers, never a refusal."""

import pytest
from django.utils import translation
from wagtail.test.utils.form_data import rich_text

from articles.consistency import warnings
from articles.models import ArticlePage
from tests.factories import article_form_data, set_admin_language

pytestmark = pytest.mark.django_db

CLOUD_IT = "Oggi il {} dei CIO indica il cloud computing come modello IT da adottare."
CLOUD_EN = "Today {} of CIOs name cloud computing as the IT model to adopt."
WARNING = {
    ("it", "en"): "Testo [en] dice 46%, il dato «Cloud computing, today» è 64%.",
    ("en", "en"): "Body [en] says 46%, the figure “Cloud computing, today” is 64%.",
    ("it", "it"): "Testo [it] dice 46 per cento, il dato «Cloud computing, oggi» è 64%.",
    ("en", "it"): "Body [it] says 46 per cento, the figure “Cloud computing, oggi” is 64%.",
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    client.admin_language = request.param
    return client


def test_the_launch_article_agrees_with_its_figures_in_both_languages(demo):
    assert warnings(demo["article"]) == []


@pytest.mark.parametrize(
    ("language", "typed"), [("en", CLOUD_EN.format("46%")), ("it", CLOUD_IT.format("46 per cento"))]
)
def test_a_mistyped_percentage_is_named_with_its_field_language_and_the_figure(editor, demo, language, typed):
    article = demo["article"]
    data = article_form_data(article)
    # Replace the first paragraph of that language's body with the mistyped sentence.
    data[f"body_{language}-0-value"] = rich_text(f"<p>{typed}</p>")
    response = editor.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"}, follow=True)
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert WARNING[(editor.admin_language, language)] in html
    # A warning, not a block: the page was published as the editor wrote it.
    article = ArticlePage.objects.get(pk=article.pk)
    assert typed.split()[1] in str(getattr(article, f"body_{language}")[0].value)


def test_a_number_in_one_language_only_is_named(demo):
    article = demo["article"]
    article.standfirst_en = article.standfirst_en + " Some 1,500 of them agree."
    with translation.override("en"):
        found = warnings(article)
    assert any("Standfirst [en] says 1,500" in line and "the figure" in line for line in found)
    assert "Standfirst [en] says 1,500; Standfirst [it] does not." in found


def test_agreeing_numbers_raise_nothing(demo):
    article = demo["article"]
    article.standfirst_en = article.standfirst_en + " 64% of them bet on the cloud."
    article.standfirst_it = article.standfirst_it + " Il 64% punta sul cloud."
    assert warnings(article) == []

"""Editors write a page in one language or both, from an admin in either language: nothing is
filled in for them in the other language, every error is in sight, and the page keeps one identity.

The paths are the ones a browser takes: the add view saves a draft (no action), then the edit view
publishes (action-publish), with the admin in the editor's preferred language.
"""

import pytest
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories import article_form_data, base_columns, set_admin_language

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]

COPY = {
    "it": {
        "title": "Solo in italiano",
        "slug": "solo-in-italiano",
        "standfirst": "Un sommario.",
        "body": "Testo italiano.",
    },
    "en": {"title": "English only", "slug": "english-only", "standfirst": "A standfirst.", "body": "English text."},
}
OTHER = {"it": "en", "en": "it"}
BANNER = {  # "<language>: check <field labels>", in the admin's language
    ("it", "en"): "Inglese: controlla Testo [en]",
    ("en", "en"): "English: check Body [en]",
    ("it", "it"): "Italiano: controlla Testo [it]",
    ("en", "it"): "Italian: check Body [it]",
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    client.admin_language = request.param
    return client


def one_language_form(language: str, **overrides) -> dict:
    copy = COPY[language]
    fields = {
        f"title_{language}": copy["title"],
        f"slug_{language}": copy["slug"],
        f"standfirst_{language}": copy["standfirst"],
    }
    return article_form_data(
        body={language: [("paragraph", rich_text(f"<p>{copy['body']}</p>"))]}, **{**fields, **overrides}
    )


def save_draft_then_publish(client, index, data) -> ArticlePage:
    created = client.post(f"/admin/pages/add/articles/articlepage/{index.pk}/", data)
    assert created.status_code == 302, created.context["form"].errors if created.status_code == 200 else created
    page = ArticlePage.objects.latest("pk")
    assert not page.live
    published = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})
    assert published.status_code == 302, published.context["form"].errors if published.status_code == 200 else published
    return ArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_one_language_article_is_saved_then_published_from_either_admin(editor, client, demo, language):
    page = save_draft_then_publish(editor, demo["index"], one_language_form(language))
    other = OTHER[language]

    assert page.live
    # Nothing was filled in for the editor in the other language.
    assert not page.title_en if language == "it" else not page.title_it
    assert getattr(page, f"body_{other}") in (None, []) or len(getattr(page, f"body_{other}")) == 0
    # The page keeps its own language as identity, whatever the admin speaks.
    stored = base_columns(page)
    assert stored["title"] == stored["draft_title"] == COPY[language]["title"]
    assert stored["slug"] == COPY[language]["slug"]

    client.logout()
    index_prefix = {"it": "/it/articoli/", "en": "/en/articles/"}
    reader = client.get(f"{index_prefix[language]}{COPY[language]['slug']}/")
    assert reader.status_code == 200
    assert COPY[language]["title"] in reader.content.decode()
    assert COPY[language]["body"] in reader.content.decode()
    # Absent from the other language: no URL, not listed, the same slug is a 404 there.
    assert page.get_url_in(other) is None
    assert COPY[language]["title"] not in client.get(index_prefix[other]).content.decode()
    assert client.get(f"{index_prefix[other]}{COPY[language]['slug']}/").status_code == 404


@pytest.mark.parametrize("missing", ["it", "en"])
def test_an_error_in_the_hidden_language_is_named_in_the_banner(editor, demo, missing):
    """The editor may be showing one language's fields; the error may be in the other."""
    article = demo["article"]
    data = article_form_data(article, body={missing: []})
    response = editor.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER[(editor.admin_language, missing)] in html
    assert f"body_{missing}" in response.context["form"].errors
    # Nothing was lost: the live page still has its body in that language.
    article.refresh_from_db()
    assert len(getattr(article, f"body_{missing}")) > 0


def test_an_english_admin_save_keeps_the_base_columns_italian(admin_user, client, demo):
    set_admin_language(admin_user, "en")
    client.force_login(admin_user)
    article = demo["article"]
    data = article_form_data(article, title_en="IT leaders answer to customers now")
    assert client.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302  # draft
    assert client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"}).status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.title_en == "IT leaders answer to customers now"
    assert base_columns(article) == {
        "title": article.title_it,
        "draft_title": article.title_it,
        "slug": article.slug_it,
        "url_path": article.url_path_it,
    }
    # History names the page by the same title.
    assert article.get_latest_revision().object_str == article.title_it


@pytest.mark.parametrize("word", ["responsabili", "leaders", "cliente", "customer"])
def test_the_admin_search_finds_the_article_by_a_title_word_in_either_language(editor, demo, word):
    response = editor.get("/admin/pages/search/", {"q": word})
    assert demo["article"].pk in [page.pk for page in response.context["object_list"]]


def test_a_slug_taken_in_that_language_is_refused_and_the_rest_kept(editor, demo):
    article = demo["article"]
    data = one_language_form("it", slug_it=article.slug_it)
    response = editor.post(f"/admin/pages/add/articles/articlepage/{demo['index'].pk}/", data)
    assert response.status_code == 200
    message = {"it": "usa già questo slug in questa lingua", "en": "already uses this slug in this language"}
    assert message[editor.admin_language] in response.content.decode().replace("&#x27;", "'")
    assert response.context["form"]["title_it"].value() == COPY["it"]["title"]
    assert ArticlePage.objects.count() == 1


def test_the_same_slug_in_another_language_is_fine(editor, demo):
    # URLs are per language: /en/articles/<slug>/ does not clash with an Italian slug.
    data = one_language_form("en", slug_en=demo["article"].slug_it)
    page = save_draft_then_publish(editor, demo["index"], data)
    assert page.get_url_in("en").endswith(f"/en/articles/{demo['article'].slug_it}/")
    assert editor.get(page.get_url_in("en")).status_code == 200


def test_a_page_without_any_title_is_refused_in_the_admin_language(editor, demo):
    response = editor.post(f"/admin/pages/add/articles/articlepage/{demo['index'].pk}/", article_form_data())
    assert response.status_code == 200
    message = {
        "it": "Dai alla pagina un titolo in almeno una lingua",
        "en": "Give the page a title in at least one language",
    }
    assert message[editor.admin_language] in response.content.decode()


def test_a_title_without_a_slug_gets_one_from_the_title(editor, demo):
    """Without JavaScript nothing types the slug: it is made from that language's title."""
    data = one_language_form("en", slug_en="")
    page = save_draft_then_publish(editor, demo["index"], data)
    assert page.slug_en == "english-only" and not page.slug_it


def test_an_index_and_home_can_be_published_in_one_language(editor, demo):
    index = demo["index"]
    from wagtail.test.utils.form_data import nested_form_data
    from wagtail.test.utils.form_data import rich_text as rt

    data = nested_form_data(
        {
            "title_it": "",
            "slug_it": "",
            "title_en": "Reports",
            "slug_en": "reports",
            "intro_it": rt(""),
            "intro_en": rt("<p>Long reads.</p>"),
            "seo_title_it": "",
            "seo_title_en": "",
            "search_description_it": "",
            "search_description_en": "",
        }
    )
    response = editor.post(
        f"/admin/pages/add/articles/articleindexpage/{demo['home'].pk}/", {**data, "action-publish": "1"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    new_index = ArticleIndexPage.objects.exclude(pk=index.pk).get()
    assert new_index.live and base_columns(new_index)["title"] == "Reports" and not new_index.title_it
    assert editor.get("/en/reports/").status_code == 200
    assert editor.get("/it/reports/").status_code == 404


def test_the_explorer_bulk_publish_refuses_an_incomplete_language_with_its_reasons(editor, demo):
    """Publish from the explorer (a bulk action) of a draft with an English title and no English body
    was a 500; it is refused with the page, the field and the reason, and nothing is published."""
    article = demo["article"]
    assert (
        editor.post(f"/admin/pages/{article.pk}/edit/", article_form_data(article, body={"en": []})).status_code == 302
    )
    url = f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}&next=/admin/pages/{demo['index'].pk}/"
    response = editor.post(url, {}, follow=True)
    assert response.status_code == 200
    message = {"it": "Non è stato pubblicato nulla", "en": "Nothing was published"}[editor.admin_language]
    html = response.content.decode()
    assert message in html and {"it": "Testo [en]", "en": "Body [en]"}[editor.admin_language] in html
    article.refresh_from_db()
    assert len(article.body_en) > 0 and article.has_unpublished_changes

    # A complete draft publishes from the same action.
    assert (
        editor.post(
            f"/admin/pages/{article.pk}/edit/", article_form_data(article, standfirst_en="New standfirst.")
        ).status_code
        == 302
    )
    editor.post(url, {})
    article.refresh_from_db()
    assert article.standfirst_en == "New standfirst." and not article.has_unpublished_changes


@pytest.mark.parametrize("word", ["responsabili", "leaders"])
def test_the_page_chooser_finds_the_article_by_a_title_word_in_either_language(editor, demo, word):
    response = editor.get("/admin/choose-page/search/", {"q": word})
    assert response.status_code == 200
    assert demo["article"].title_it in response.content.decode()  # listed by its stored title


def test_words_in_another_language_keep_their_mark_through_the_editor(editor, client, demo):
    """The Italian article marks "Chief Information Officer" as English (screen readers pronounce it
    in English); saving the page in the editor keeps the mark, and readers get it."""
    article = demo["article"]
    marked = '<i><span lang="en">Chief Information Officer</span></i>'
    assert marked in client.get(article.get_url_in("it")).content.decode()
    data = {**article_form_data(article), "action-publish": "action-publish"}
    assert editor.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
    article.refresh_from_db()
    assert marked in str(article.body_it[0].value.source)
    assert marked in client.get(article.get_url_in("it")).content.decode()
    assert article.get_latest_revision().approved_go_live_at is None and not article.has_unpublished_changes
    # The toolbar offers the mark for each language, named in the admin's language.
    html = editor.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    expected = {"it": "Parole in inglese", "en": "Words in English"}[editor.admin_language]
    assert "LANG_EN" in html and expected.lower() in html.lower()

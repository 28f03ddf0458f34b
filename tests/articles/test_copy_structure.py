"""Copy structure: from the page editor, an empty body in one language is filled from the other
language's: infographics carried over as they are, text blocks copied and marked as needing
translation until edited. It keeps the editor's unsaved changes, saves a draft (never publishes) and
never overwrites a body that has blocks. The paths are the browser's: the edit form is posted with
the action menu's button, in either admin language."""

from datetime import date

import pytest
from django.utils.html import strip_tags
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision, get_default_page_content_type
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticlePage
from core.models import TranslationState
from stats.models import Figure
from tests.core.test_translation_status import WORDS, rows_for
from tests.factories import article_form_data, make_article, set_admin_language

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]

WORDS_COPY = {
    "it": {
        "button": "Riempi Testo [en] da Testo [it]",
        "reverse_button": "Riempi Testo [it] da Testo [en]",
        "done": "Testo [en] riempito da Testo [it] come bozza: 4 blocchi da tradurre.",
        "not_empty": "Testo [en] non è vuoto: non è stato copiato nulla, quindi nulla è stato sovrascritto.",
        "note": "Testo [en]: {n} blocchi copiati da Testo [it] sono ancora da tradurre:",
        "note_one": "Testo [en]: 1 blocco copiato da Testo [it] è ancora da tradurre:",
        "copied": "Testo (copiato, non ancora tradotto)",
        "paragraph": "Paragrafo",
        "heading": "Titolo di sezione",
        "to_translate": "Da tradurre",
    },
    "en": {
        "button": "Fill Body [en] from Body [it]",
        "reverse_button": "Fill Body [it] from Body [en]",
        "done": "Body [en] filled from Body [it] as a draft: 4 blocks need translating.",
        "not_empty": "Body [en] is not empty: nothing was copied, so nothing was overwritten.",
        "note": "Body [en]: {n} blocks copied from Body [it] still need translating:",
        "note_one": "Body [en]: 1 block copied from Body [it] still needs translating:",
        "copied": "Body (copied, not yet translated)",
        "paragraph": "Paragraph",
        "heading": "Heading",
        "to_translate": "To translate",
    },
}


@pytest.fixture(params=["it", "en"], ids=["admin-it", "admin-en"])
def editor(request, admin_user, client):
    set_admin_language(admin_user, request.param)
    client.force_login(admin_user)
    client.words = {**WORDS[request.param], **WORDS_COPY[request.param]}
    return client


@pytest.fixture
def italian_article(demo):
    """A live article in Italian only, its body mixing text blocks and an infographic."""
    figure = Figure.objects.get(key="customer-priority")
    image = Image.objects.create(title="Sala server", file=get_test_image_file())
    page = make_article(
        demo["index"],
        it={"title": "Il cliente al centro", "slug": "cliente-al-centro", "standfirst": "Sommario."},
        day=date(2026, 12, 2),
        publish=False,
    )
    page.body_it = [
        {"type": "paragraph", "value": "<p>Il cliente detta le regole.</p>"},
        {"type": "big_number", "value": {"figure": figure.pk, "wave": "today", "caption": ""}},
        {"type": "heading", "value": "Che cosa cambia"},
        {"type": "quote", "value": {"text": "Il cliente è il nuovo capo.", "attribution": "Un CIO"}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "Una sala server", "caption": "La sala server"}},
    ]
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def form_data(page, **fields) -> dict:
    """The edit form as a browser posts it for the page's latest draft: block ids included."""
    draft = draft_of(page)
    data = article_form_data(draft, **fields)
    for language in ("it", "en"):
        if language in (fields.get("body") or {}):
            continue  # posted as given: new blocks have no id yet
        for index, child in enumerate(getattr(draft, f"body_{language}")):
            data[f"body_{language}-{index}-id"] = child.id
    return data


def draft_of(page) -> ArticlePage:
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def state_of(page) -> TranslationState:
    return TranslationState.objects.get(base_content_type=get_default_page_content_type(), object_id=str(page.pk))


def untranslated(page) -> set[str]:
    state = state_of(page)
    return set(state.copies.get("body", {}).get("en", {}).get("blocks", {}))


def copy_english_body(editor, page, **unsaved):
    data = form_data(page, **unsaved)
    return editor.post(edit_url(page), {**data, "copy-structure": "body:it:en"}, follow=True)


def test_the_editor_offers_the_copy_only_where_a_body_is_empty(editor, demo, italian_article):
    html = editor.get(edit_url(italian_article)).content.decode()
    assert 'name="copy-structure" value="body:it:en"' in html
    assert editor.words["button"] in html
    # The demo article has a body in both languages: nothing to fill.
    html = editor.get(edit_url(demo["article"])).content.decode()
    assert 'name="copy-structure"' not in html


def test_copy_fills_an_empty_body_keeping_unsaved_changes_as_a_draft(editor, italian_article):
    words = editor.words
    live_revision = italian_article.live_revision_id
    revisions_before = Revision.objects.filter(object_id=str(italian_article.pk)).count()

    response = copy_english_body(
        editor,
        italian_article,
        title_en="The customer comes first",
        slug_en="customer-first",
        standfirst_en="Standfirst.",
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == edit_url(italian_article)
    assert words["done"] in response.content.decode()

    draft = draft_of(italian_article)
    # The editor's unsaved changes are in the draft, with the copy.
    assert draft.title_en == "The customer comes first" and draft.standfirst_en == "Standfirst."
    source, copied = list(draft.body_it), list(draft.body_en)
    assert [child.block_type for child in copied] == ["paragraph", "big_number", "heading", "quote", "image"]
    assert [child.block.get_prep_value(child.value) for child in copied] == [
        child.block.get_prep_value(child.value) for child in source
    ]
    assert not {child.id for child in copied} & {child.id for child in source}
    # Text blocks are marked; the infographic is not.
    assert untranslated(italian_article) == {child.id for child in copied if child.block_type != "big_number"}

    # A draft, never published: the live page is as it was, and one revision was added.
    page = ArticlePage.objects.get(pk=italian_article.pk)
    assert page.live and page.live_revision_id == live_revision and page.has_unpublished_changes
    assert len(page.body_en) == 0 and not page.title_en
    assert Revision.objects.filter(object_id=str(italian_article.pk)).count() == revisions_before + 1

    # The editor lists the blocks still to translate, and tags them.
    html = editor.get(edit_url(italian_article)).content.decode()
    assert words["note"].format(n=4) in html
    assert f"1. {words['paragraph']}: “Il cliente detta le regole.”" in html
    assert f"3. {words['heading']}: “Che cosa cambia”" in html
    for block_id in untranslated(italian_article):
        assert block_id in html.split("data-untranslated-blocks=", 1)[1].split(">", 1)[0]
    assert words["to_translate"] in html

    # The report counts the copied body as outdated in English.
    rows = rows_for(editor, "Il cliente al centro")
    assert [(row["language"], row["state"], row["fields"]) for row in rows] == [
        (words["en"], words["outdated"], words["copied"])
    ]


def test_copy_never_overwrites_a_body_that_has_blocks(editor, demo, italian_article):
    words = editor.words
    # The English body is empty as saved, but the editor has typed into it: that is kept.
    response = copy_english_body(
        editor,
        italian_article,
        title_en="Typed",
        slug_en="typed",
        body={"en": [("paragraph", rich_text("<p>Already translating.</p>"))]},
    )
    assert words["not_empty"] in response.content.decode()
    draft = draft_of(italian_article)
    assert [strip_tags(child.block.get_prep_value(child.value)) for child in draft.body_en] == ["Already translating."]
    assert untranslated(italian_article) == set()

    # A saved body is never replaced either (the demo article has both bodies).
    article = demo["article"]
    before = [(child.id, child.block_type) for child in draft_of(article).body_en]
    response = editor.post(edit_url(article), {**form_data(article), "copy-structure": "body:it:en"}, follow=True)
    assert words["not_empty"] in response.content.decode()
    # The same blocks (a copy would have new ids and the Italian's types).
    assert [(child.id, child.block_type) for child in draft_of(article).body_en] == before
    assert not state_of(article).copies


def test_marks_clear_as_the_copied_text_is_translated_and_then_the_report_clears(editor, italian_article):
    words = editor.words
    copy_english_body(
        editor,
        italian_article,
        title_en="The customer comes first",
        slug_en="customer-first",
        standfirst_en="Standfirst.",
    )
    draft = draft_of(italian_article)
    paragraph, _infographic, heading, quote, image = list(draft.body_en)

    # Saving without touching the copied text clears nothing.
    assert editor.post(edit_url(italian_article), form_data(italian_article)).status_code == 302
    assert untranslated(italian_article) == {paragraph.id, heading.id, quote.id, image.id}

    # Translating the paragraph clears its mark only.
    data = form_data(italian_article)
    data["body_en-0-value"] = rich_text("<p>The customer sets the rules.</p>")
    assert editor.post(edit_url(italian_article), data).status_code == 302
    assert untranslated(italian_article) == {heading.id, quote.id, image.id}
    html = editor.get(edit_url(italian_article)).content.decode()
    assert (
        words["note"].format(n=3) in html
        and "Il cliente detta le regole." not in html.split("data-untranslated-blocks", 1)[1].split("</ul>", 1)[0]
    )
    assert [row["fields"] for row in rows_for(editor, "Il cliente al centro")] == [words["copied"]]

    # Translate the rest, then publish as a browser does: nothing is left to report, in either language.
    data = form_data(italian_article)
    data["body_en-2-value"] = "What changes"
    data["body_en-3-value-text"] = "The customer is the new boss."
    data["body_en-4-value-caption"] = "The server room"
    data["body_en-4-value-alt_text"] = "A server room"
    response = editor.post(edit_url(italian_article), {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.status_code == 200 else response
    assert untranslated(italian_article) == set()
    assert rows_for(editor, "Il cliente al centro") == []
    page = ArticlePage.objects.get(pk=italian_article.pk)
    assert page.live and page.title_en == "The customer comes first"
    assert [child.block_type for child in page.body_en] == ["paragraph", "big_number", "heading", "quote", "image"]


def test_a_partly_translated_copy_is_still_listed_with_one_block_left(editor, italian_article):
    copy_english_body(editor, italian_article, title_en="T", slug_en="t", standfirst_en="S.")
    data = form_data(italian_article)
    data["body_en-0-value"] = rich_text("<p>Translated.</p>")
    data["body_en-2-value"] = "Translated heading"
    data["body_en-4-value-caption"] = "Translated caption"
    assert editor.post(edit_url(italian_article), data).status_code == 302
    html = editor.get(edit_url(italian_article)).content.decode()
    assert editor.words["note_one"] in html
    assert [row["fields"] for row in rows_for(editor, "Il cliente al centro")] == [editor.words["copied"]]


def test_the_italian_body_can_be_filled_from_the_english_one(editor, demo):
    page = make_article(
        demo["index"],
        it={"title": "Bozza", "slug": "bozza"},
        en={"title": "English first", "slug": "english-first"},
        day=date(2026, 12, 3),
        publish=False,
    )
    page.body_it = []
    page.body_en = [{"type": "heading", "value": "Customers"}]
    page.save_revision(clean=False)  # a draft: an Italian title without a body cannot go live
    html = editor.get(edit_url(page)).content.decode()
    assert 'value="body:en:it"' in html and editor.words["reverse_button"] in html
    response = editor.post(edit_url(page), {**form_data(page), "copy-structure": "body:en:it"}, follow=True)
    assert response.status_code == 200
    draft = draft_of(page)
    assert [child.block.get_prep_value(child.value) for child in draft.body_it] == ["Customers"]
    state = state_of(page)
    assert set(state.copies["body"]["it"]["blocks"]) == {child.id for child in draft.body_it}

"""Builders for test pages: every copy field set per language, only where the test asks."""

from datetime import date

from django.utils import translation

from articles import demo_content
from articles.models import ArticlePage

ARTICLE_IT_SLUG = demo_content.ARTICLE["it"]["slug"]
ARTICLE_EN_SLUG = demo_content.ARTICLE["en"]["slug"]


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def make_article(
    index, *, it: dict, en: dict | None = None, day: date = date(2026, 1, 1), publish: bool = True
) -> ArticlePage:
    """An article under `index`; `en=None` leaves the English copy empty (untranslated).

    `publish=False` saves it live, as Wagtail's add_child does, but with no revision: no publish
    signal, cache purge or search entry (for tests that need many pages, or edit before publishing).
    """
    fields = {
        "title": it["title"],
        "title_it": it["title"],
        "slug": it["slug"],
        "slug_it": it["slug"],
        "standfirst_it": it.get("standfirst", ""),
        "body_it": paragraph(it.get("body", it["title"])),
        "date": day,
    }
    if en:
        fields.update(
            title_en=en["title"],
            slug_en=en["slug"],
            standfirst_en=en.get("standfirst", ""),
            body_en=paragraph(en.get("body", en["title"])),
        )
    # Bare `title`/`slug` mean the active language's field to modeltranslation: build in Italian.
    with translation.override("it"):
        page = ArticlePage(**fields)
        index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def observation_rows(figure, **changes_by_wave) -> list[dict]:
    """A figure's value rows as its editor posts them; `changes_by_wave` edits rows by wave key:
    observation_rows(figure, today={"value": "65"})."""
    rows = []
    for i, o in enumerate(figure.observations.all()):
        row = {"id": o.pk, "wave": o.wave_id, "qualifier": o.qualifier, "value": str(o.value), "ORDER": str(i)}
        rows.append({**row, **changes_by_wave.get(o.wave.key, {})})
    return rows


def wave_rows(survey, **changes_by_wave) -> list[dict]:
    """A survey's wave rows as its editor posts them, edited by wave key like observation_rows."""
    from core.languages import localized, site_languages, value_in

    rows = []
    for i, w in enumerate(survey.waves.all()):
        row = {"id": w.pk, "key": w.key, "year": w.year or "", "ORDER": str(i)}
        row.update({localized("label", code): value_in(w, "label", code) or "" for code in site_languages()})
        rows.append({**row, **changes_by_wave.get(w.key, {})})
    return rows


def figure_form_data(figure, *, observations=None, publish=True, **overrides) -> dict:
    """POST data for the figure's snippet edit form, as the admin sends it: "Publish" (figures are
    published like pages), or "Save draft" with `publish=False`."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    if observations is None:
        observations = observation_rows(figure)
    fields = {
        "survey": figure.survey_id,
        "key": figure.key,
        "unit": figure.unit,
        "label_it": figure.label_it,
        "label_en": figure.label_en,
        "short_label_it": figure.short_label_it,
        "short_label_en": figure.short_label_en,
        "description_it": figure.description_it,
        "description_en": figure.description_en,
    }
    fields.update(overrides)
    fields["observations"] = inline_formset(observations, initial=len(figure.observations.all()), min=1)
    if publish:
        fields["action-publish"] = "action-publish"
    return nested_form_data(fields)


def article_with_blocks(index, blocks: list[dict], *, slug: str, publish: bool = True) -> ArticlePage:
    """An article in both languages whose body (each language) is `blocks`, raw StreamField data.

    `publish=False` saves the body on the live page without a revision, as make_article does: for
    tests of what readers are served, which need not index a hundred charts for search first.
    """
    page = make_article(
        index,
        it={"title": f"Prova {slug}", "slug": f"prova-{slug}"},
        en={"title": f"Test {slug}", "slug": f"test-{slug}"},
        publish=False,
    )
    page.body_it = blocks
    page.body_en = blocks
    with translation.override("it"):
        if publish:
            page.save_revision().publish()
        else:
            page.save()
    return ArticlePage.objects.get(pk=page.pk)


def survey_form_data(survey, *, waves=None, publish=True, **overrides) -> dict:
    """POST data for the survey's snippet edit form ("Publish", or "Save draft" with `publish=False`)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    if waves is None:
        waves = wave_rows(survey)
    fields = {
        "key": survey.key,
        "publisher": survey.publisher,
        "respondents": survey.respondents,
        "respondents_qualifier": survey.respondents_qualifier,
        "countries": survey.countries,
        "industries": survey.industries,
        "source_url": survey.source_url,
    }
    for field in ("title", "description", "method", "respondents_label"):
        for language in ("it", "en"):
            fields[f"{field}_{language}"] = getattr(survey, f"{field}_{language}") or ""
    fields.update(overrides)
    fields["waves"] = inline_formset(waves, initial=len(survey.waves.all()), min=1)
    if publish:
        fields["action-publish"] = "action-publish"
    return nested_form_data(fields)


ARTICLE_FORM_FIELDS = (
    "title",
    "slug",
    "standfirst",
    "author",
    "hero_alt",
    "seo_title",
    "search_description",
)


def article_form_data(page=None, *, body: dict | None = None, **fields) -> dict:
    """POST data for the article editor, as the admin sends it: every per-language field present
    (empty unless given or taken from `page`), bodies as StreamField form data.

    `body` maps a language to a list of (block type, value) pairs; `fields` are form names
    (``title_en="..."``, ``date="2026-11-28"``).
    """
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from core import memo
    from core.languages import localized, site_languages

    data = {"date": "2026-11-28", "comments": inline_formset([])}
    for language in site_languages():
        for field in ARTICLE_FORM_FIELDS:
            name = localized(field, language)
            data[name] = (getattr(page, name, None) if page else None) or ""
        blocks = (body or {}).get(language)
        if blocks is None and page is not None:
            with memo.scope():  # as the editor reads them: each cited figure once, not per sentence
                blocks = [
                    (child.block_type, _form_value(child.block, child.block.get_prep_value(child.value)))
                    for child in getattr(page, localized("body", language))
                ]
        data[localized("body", language)] = streamfield(blocks or [])
    if page is not None:
        data["date"] = page.date.isoformat()
        if page.hero_image_id:
            data["hero_image"] = page.hero_image_id
    data.update(fields)
    return nested_form_data(data)


def _form_value(block, raw):
    """A block's stored (raw) value as the admin's form posts it: rich text as Draftail
    content, choosers as ids, list items with their ids, nothing None (a browser sends "")."""
    from wagtail import blocks
    from wagtail.test.utils.form_data import rich_text

    if isinstance(block, blocks.RichTextBlock):
        # With the block's own features, as its editor is configured (figure references included).
        return rich_text(raw or "", features=block.features)
    if isinstance(block, blocks.StructBlock):
        return {name: _form_value(child, raw.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        items = {
            str(i): {
                "value": _form_value(block.child_block, item["value"]),
                "id": item["id"],
                "deleted": "",
                "order": str(i),
            }
            for i, item in enumerate(raw)
        }
        return {"count": str(len(raw)), **items}
    return "" if raw is None else raw


def base_columns(page) -> dict:
    """The page's untranslated columns as stored (the attributes read the active language's)."""
    from wagtail.models import Page

    return Page.objects.rewrite(False).filter(pk=page.pk).values("title", "draft_title", "slug", "url_path").get()


def set_admin_language(user, language: str) -> None:
    """The admin follows each user's preferred language (what the browser's choice becomes)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()

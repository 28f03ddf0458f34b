"""Builders for test pages: every copy field set per language, only where the test asks."""

from datetime import date

from django.utils import translation

from articles import demo_content
from articles.models import ArticlePage

ARTICLE_IT_SLUG = demo_content.ARTICLE["it"]["slug"]
ARTICLE_EN_SLUG = demo_content.ARTICLE["en"]["slug"]


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def make_article(index, *, it: dict, en: dict | None = None, day: date = date(2026, 1, 1), publish: bool = True) -> ArticlePage:
    """An article under `index`; `en=None` leaves the English copy empty (untranslated)."""
    fields = {
        "title": it["title"], "title_it": it["title"], "slug": it["slug"], "slug_it": it["slug"],
        "standfirst_it": it.get("standfirst", ""), "body_it": paragraph(it.get("body", it["title"])),
        "date": day,
    }
    if en:
        fields.update(
            title_en=en["title"], slug_en=en["slug"], standfirst_en=en.get("standfirst", ""),
            body_en=paragraph(en.get("body", en["title"])),
        )
    # Bare `title`/`slug` mean the active language's field to modeltranslation: build in Italian.
    with translation.override("it"):
        page = ArticlePage(**fields)
        index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)

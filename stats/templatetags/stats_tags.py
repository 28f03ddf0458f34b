"""Template tags of the stats app for the pages that cite figures."""

from django import template
from django.utils import translation

from core.languages import value_in

from .. import corrections, references

register = template.Library()


def cited_figure_ids(page, language: str) -> set[int]:
    """The figures a page's body cites in `language` (its infographics and its references), read
    from the stored data without loading a row."""
    body = value_in(page, "body", language) if hasattr(page, "body") else None
    ids = set()
    for block in getattr(body, "raw_data", None) or []:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            ids |= {ref.figure_id for ref in references.references_in(value) if ref.figure_id}
        elif isinstance(value, dict):
            chosen = [value.get("figure")]
            for item in value.get("figures") or []:
                chosen.append(item.get("value") if isinstance(item, dict) else item)
            ids |= {int(pk) for pk in chosen if str(pk or "").isdigit()}
    return ids


@register.simple_tag
def correction_notes(page):
    """[(date, text)] of the correction notes under a page, in the active language."""
    language = translation.get_language()
    ids = cited_figure_ids(page, language)
    if not ids:
        return []
    notes = corrections.notes_for(ids, since=getattr(page, "first_published_at", None))
    return [(note.changed_at, corrections.note_text(note, language)) for note in notes]


@register.simple_tag
def date_modified(page):
    """When the page last changed for readers: its last publication or a later correction note
    of a figure it cites (for dateModified and feeds)."""
    published = getattr(page, "last_published_at", None)
    notes = corrections.notes_for(cited_figure_ids(page, translation.get_language()), since=published)
    latest = max((note.changed_at for note in notes), default=None)
    return max(filter(None, (published, latest)), default=None)

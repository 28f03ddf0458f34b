"""Template tags of the stats app for the pages that cite figures."""

from django import template
from django.utils import translation

from .. import corrections

register = template.Library()


@register.simple_tag(takes_context=True)
def correction_notes(context, page):
    """[(date, text)] of the correction notes under a page, in the active language (the notes the
    request loaded for the head's dateModified, when it did)."""
    language = translation.get_language()
    notes = corrections.notes_for_page(page, language, context.get("request"))
    return [(note.changed_at, corrections.note_text(note, language)) for note in notes]


@register.simple_tag(takes_context=True)
def date_modified(context, page):
    """When the page last changed for readers: its last publication or a later correction note
    of a figure it cites (for dateModified and feeds)."""
    return corrections.last_change(page, translation.get_language(), context.get("request"))

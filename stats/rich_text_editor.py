"""The Draftail side of figure references: database HTML <-> the editor's contentstate.

Imported by stats.wagtail_hooks only (Wagtail's converters load models when imported).
"""

from __future__ import annotations

from django.utils import translation
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import KEEP_WHITESPACE, InlineEntityElementHandler

from core import memo

from .formatting import normalize_language
from .references import FORMS, Form, Reference, entity_data, entity_text, load_figures


class FigureReferenceElementHandler(InlineEntityElementHandler):
    """<embed embedtype="figure" .../> in the database -> an inline entity over the number's text."""

    mutability = "IMMUTABLE"

    def handle_starttag(self, name, attrs, state, contentstate):
        reference = Reference.from_attrs(dict(attrs))
        figure = _figure(reference.figure_id)
        language = normalize_language(translation.get_language())
        self._data = entity_data(reference, figure, language)
        super().handle_starttag(name, attrs, state, contentstate)
        state.current_block.text += entity_text(reference, figure, language)
        state.leading_whitespace = KEEP_WHITESPACE

    def get_attribute_data(self, attrs):
        return self._data


def _figure(pk):
    """The cited figure as the editor shows it: its number whether published or not. Loaded once
    per request (a body cites the same few figures in many sentences, in both languages)."""
    figures = memo.for_request("stats", "editor figures")
    if figures is None or pk not in figures:
        figure = load_figures([pk]).get(pk)
        if figure is not None:
            figure.previewing_draft = True
        if figures is None:
            return figure
        figures[pk] = figure
    return figures[pk]


def figure_entity_decorator(props):
    """The entity back to the database: what it points at, never the number it shows."""
    raw_id = str(props.get("id") or "")
    reference = Reference(
        figure_id=int(raw_id) if raw_id.isdigit() else None,
        wave=str(props.get("wave") or ""),
        form=props.get("form") if props.get("form") in FORMS else Form.VALUE,
        from_wave=str(props.get("from") or ""),
        article=str(props.get("article") or "") == "1",
    )
    return DOM.create_element("embed", reference.attrs())

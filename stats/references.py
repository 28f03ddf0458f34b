"""Figure references in rich text: a number in a sentence that is read from the data.

Stored in the rich text as an entity that holds no number, only what it points at:

    <embed embedtype="figure" id="12" wave="today" form="value"/>
    <embed embedtype="figure" id="12" wave="today" form="change" from="2009"/>

and drawn for readers, through stats.formatting in the page's language, as

    <data value="64">64%</data>          <data value="34">+34 punti percentuali</data>

Forms: ``value`` ("64%", "> 80%"), ``qualified`` ("oltre l'80%" / "more than 80%"), ``change``
between two waves ("+34 percentage points") and ``rank`` ("6º posto" / "6th place").

An <embed> (not an <a>) because Wagtail's embed rewriting replaces the whole tag: nothing typed
can survive next to the number. In the Draftail editor it is an inline, immutable entity whose
text is the number as it reads now (stats/rich_text_editor.py).

A reference whose figure was deleted, or that lacks the wave, renders nothing for readers and a
notice in the editor's preview, as the infographic blocks do.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from wagtail.rich_text import EmbedHandler, get_text_for_indexing
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from . import chart_data
from .formatting import (
    Qualifier,
    Unit,
    format_delta,
    format_short,
    format_value,
    normalize_language,
    percent_article,
    to_decimal,
)

EMBED_TYPE = "figure"
ENTITY_TYPE = "FIGURE"
FEATURE = "figure-reference"


class Form:
    VALUE = "value"
    QUALIFIED = "qualified"
    CHANGE = "change"
    RANK = "rank"


FORM_CHOICES = [
    (Form.VALUE, pgettext_lazy("figure reference", "The value (64%)")),
    (Form.QUALIFIED, pgettext_lazy("figure reference", "The value with its qualifier (more than 80%)")),
    (Form.CHANGE, pgettext_lazy("figure reference", "The change between two waves (+34 percentage points)")),
    (Form.RANK, pgettext_lazy("figure reference", "The rank (6th place)")),
]
FORMS = {code for code, _label in FORM_CHOICES}


@dataclass(frozen=True)
class Reference:
    figure_id: int | None
    wave: str
    form: str = Form.VALUE
    from_wave: str = ""
    # With the article languages put before a percentage ("il 64%", "l'84%"; English has none).
    article: bool = False

    @classmethod
    def from_attrs(cls, attrs: dict) -> Reference:
        raw_id = str(attrs.get("id") or "")
        form = attrs.get("form") or Form.VALUE
        return cls(
            figure_id=int(raw_id) if raw_id.isdigit() else None,
            wave=attrs.get("wave") or "",
            form=form if form in FORMS else Form.VALUE,
            from_wave=attrs.get("from") or "",
            article=attrs.get("article") == "1",
        )

    def attrs(self) -> dict:
        attrs = {"embedtype": EMBED_TYPE, "id": str(self.figure_id or ""), "wave": self.wave, "form": self.form}
        if self.form == Form.CHANGE:
            attrs["from"] = self.from_wave
        elif self.article:
            attrs["article"] = "1"
        return attrs


class Unavailable(chart_data.Unavailable):
    pass


@dataclass(frozen=True)
class Rendered:
    value: Decimal
    text: str


def _machine(number: Decimal) -> str:
    """The value for <data value>: dot decimal, no separators, no trailing zeros ("64", "64.5")."""
    text = f"{to_decimal(number).normalize():f}"
    return text


def render_reference(reference: Reference, figure, language: str) -> Rendered:
    """The number a reference shows in `language`; Unavailable with the reason otherwise."""
    if figure is None:
        raise Unavailable(gettext("The figure this number cites has been deleted."))
    observation = figure.observation_for(reference.wave)
    if observation is None:
        raise Unavailable(
            gettext("“%(figure)s” has no value for the wave “%(wave)s”.")
            % {"figure": figure.label, "wave": reference.wave}
        )
    unit, value, qualifier = figure.unit, observation.value, observation.qualifier
    try:
        if reference.form == Form.CHANGE:
            before = figure.observation_for(reference.from_wave)
            if before is None:
                raise Unavailable(
                    gettext("“%(figure)s” has no value for the wave “%(wave)s”.")
                    % {"figure": figure.label, "wave": reference.from_wave}
                )
            if unit == Unit.RANK or "exact" not in (before.qualifier, qualifier) or before.qualifier != qualifier:
                raise Unavailable(gettext("A change is written only between two exact percentages or counts."))
            return Rendered(value - before.value, format_delta(before.value, value, unit=unit, language=language))
        if reference.form == Form.RANK:
            if unit != Unit.RANK:
                raise Unavailable(gettext("“%(figure)s” is not a rank.") % {"figure": figure.label})
            return Rendered(value, format_value(value, unit=unit, qualifier=qualifier, language=language))
        if reference.form == Form.QUALIFIED:
            text = format_value(value, unit=unit, qualifier=qualifier, language=language)
        else:
            text = format_short(value, unit=unit, qualifier=qualifier, language=language)
        if reference.article and unit == Unit.PERCENT and qualifier == Qualifier.EXACT:
            # "oltre l'80%" has its article already; an exact share takes one: "il 64%".
            text = percent_article(value, language=language) + text
        return Rendered(value, text)
    except ValueError as error:
        if isinstance(error, Unavailable):
            raise
        raise Unavailable(gettext("A stored value is out of range for its unit.")) from error


# --- Loading: every reference of a page in one go ---

# Figures already loaded for the references being rendered ({pk: Figure or None}), and whether the
# rendering is an editor's preview. Set only inside `rendering()`, for the duration of one render.
_loaded: ContextVar[dict | None] = ContextVar("stats_figure_references_loaded", default=None)
_preview: ContextVar[bool] = ContextVar("stats_figure_references_preview", default=False)


def load_figures(ids) -> dict:
    """{pk: Figure} with values, waves and survey attached, in two queries whatever their number.

    These are the figures as readers see them: a draft saved in the admin is in a revision, not in
    these rows, until it is published.
    """
    from .models import Figure, Observation

    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return {}
    figures = Figure.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("observations", queryset=Observation.objects.select_related("wave"))
    )
    return {figure.pk: figure for figure in figures}


def references_in(html: str) -> list[Reference]:
    """Every figure reference in a rich text's stored HTML, in order."""
    found = []
    for match in FIND_EMBED_TAG.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        if attrs.get("embedtype") == EMBED_TYPE:
            found.append(Reference.from_attrs(attrs))
    return found


def prefetch(htmls) -> dict:
    """Load the figures that the given rich texts cite, for `rendering(figures=...)`."""
    ids = {ref.figure_id for html in htmls for ref in references_in(html)}
    loaded = load_figures(ids)
    return {pk: loaded.get(pk) for pk in ids}


@contextmanager
def rendering(*, figures: dict | None = None, preview: bool = False):
    """Render rich text with these figures already loaded, as a preview or for readers."""
    loaded_token = _loaded.set(dict(figures or {}))
    preview_token = _preview.set(preview)
    try:
        yield
    finally:
        _loaded.reset(loaded_token)
        _preview.reset(preview_token)


def _figures_for(references: list[Reference]) -> dict:
    loaded = _loaded.get()
    wanted = {ref.figure_id for ref in references if ref.figure_id is not None}
    if loaded is None:
        return load_figures(wanted)
    missing = wanted - loaded.keys()
    if missing:
        fetched = load_figures(missing)
        loaded.update({pk: fetched.get(pk) for pk in missing})
    return loaded


def reference_html(reference: Reference, figure, language: str, *, preview: bool = False) -> str:
    try:
        rendered = render_reference(reference, figure, language)
    except Unavailable as problem:
        if not preview:
            return ""
        return format_html(
            '<mark class="notice notice--preview figure-reference-missing" role="status">{} {}</mark>',
            gettext("This number cannot be shown, so readers will not see it:"),
            str(problem),
        )
    return format_html('<data value="{}">{}</data>', _machine(rendered.value), rendered.text)


class FigureEmbedHandler(EmbedHandler):
    """Wagtail's rich text rewriting: every <embed embedtype="figure"> of one text at once."""

    identifier = EMBED_TYPE

    @staticmethod
    def get_model():
        from .models import Figure

        return Figure

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        references = [Reference.from_attrs(attrs) for attrs in attrs_list]
        figures = _figures_for(references)
        language = normalize_language(translation.get_language())
        preview = _preview.get()
        return [reference_html(ref, figures.get(ref.figure_id), language, preview=preview) for ref in references]

    @classmethod
    def extract_references(cls, attrs):
        # The reference index ("Used in"): a figure cited in a sentence is used by the page.
        # (Wagtail's docstring says content type id; the index wants the model, as images give.)
        reference = Reference.from_attrs(attrs)
        if reference.figure_id is not None:
            yield cls.get_model(), str(reference.figure_id), "", ""


def expand(html: str, *, language: str | None = None) -> str:
    """A rich text's HTML as readers get it, figure references drawn in `language`."""
    from wagtail.rich_text import expand_db_html

    if language is None:
        return expand_db_html(html)
    with translation.override(language):
        return expand_db_html(html)


def text_for_indexing(html: str, *, language: str | None = None) -> str:
    """Plain text of a rich text with its figure references written out (for search)."""
    return get_text_for_indexing(expand(html, language=language))


# --- The editor: contentstate <-> database HTML ---


def entity_text(reference: Reference, figure, language: str) -> str:
    """What the editor shows for a reference: the number as readers would read it now."""
    try:
        return render_reference(reference, figure, language).text
    except Unavailable:
        return "⚠ " + gettext("figure unavailable")


def entity_label(reference: Reference, figure, language: str) -> str:
    """The tooltip: which figure, at which wave(s)."""
    if figure is None:
        return gettext("Deleted figure")
    label = chart_data.text(figure, "short_label", language) or chart_data.text(figure, "label", language)
    waves = {w.key: chart_data.wave_text(w, language) for w in (o.wave for o in figure.observations.all())}
    wave = waves.get(reference.wave, reference.wave)
    if reference.form == Form.CHANGE:
        wave = f"{waves.get(reference.from_wave, reference.from_wave)} → {wave}"
    return f"{label} · {wave}"


def entity_data(reference: Reference, figure, language: str) -> dict:
    return {
        "id": reference.figure_id,
        "wave": reference.wave,
        "form": reference.form,
        "from": reference.from_wave,
        "article": "1" if reference.article else "",
        "label": entity_label(reference, figure, language),
    }


# --- Search: the text of a body's paragraphs with their numbers written out ---

_PARAGRAPH_BREAK = re.compile(r"\s+")


def searchable_text(source: str, language: str) -> str:
    return _PARAGRAPH_BREAK.sub(" ", text_for_indexing(source, language=language)).strip()

"""Infographic blocks for the article body. Each block *chooses* figures (or a survey) and waves;
it never holds a number, so a figure edited once is redrawn everywhere it is used.

Rendering: ArticlePage calls `prefetch_infographics(body)` before rendering, so the figures the
choosers loaded arrive at each block with their values, waves and survey already attached. A block
rendered on its own still works; it just loads its own data lazily.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import cache
from html import unescape
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from . import chart_data, components, references, selectors
from .formatting import Unit

# Shown next to a wave select, on save (clean) and as soon as a figure is chosen (editor script).
NO_VALUE_FOR_WAVE = _("“%(figure)s” has no value for this wave.")


class StatsChooserBlock(SnippetChooserBlock):
    """A snippet chooser whose widget comes from the model's chooser viewset (stats.admin_views).

    Wagtail's SnippetChooserBlock builds its widget once per block, with the button texts already
    translated into the language of that first request; blocks live as long as the process, so
    every later editor saw that language. The viewset's widget keeps its texts lazy.
    """

    def bulk_to_python(self, values):
        """The chosen rows, from those the page already loaded (`prefetch_infographics`) or this
        request did: one query for every chooser of a body rather than one per block."""
        rows = selectors.preloaded_rows(self.model_class)
        if rows is None:
            return super().bulk_to_python(values)
        values = list(values)
        wanted = {int(pk) for pk in values if str(pk or "").isdigit()}
        missing = wanted - rows.keys()
        if missing:  # not loaded yet: with the values and waves the block draws and checks
            found = selectors.load_rows(self.model_class, missing)
            rows.update({pk: found.get(pk) for pk in missing})
        return [rows.get(int(pk)) if str(pk or "").isdigit() else None for pk in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def value_from_form(self, value):
        # The editor's POST, block by block: the chosen ids, looked up once per request.
        if value is None or isinstance(value, self.model_class):
            return value
        return self.bulk_to_python([value])[0]

    @cached_property
    def field(self):
        return _ChosenRowField(
            queryset=self.model_class.objects.all(),
            row=lambda pk: self.bulk_to_python([pk])[0],
            widget=self.widget,
            required=self._required,
            validators=self._validators,
            help_text=self._help_text,
        )

    @cached_property
    def widget(self):
        viewset = self.target_model.snippet_viewset.chooser_viewset
        if not self.has_explicit_icon:
            self.set_meta_options({"icon": viewset.icon})
        return viewset.widget_class(icon=self.meta.icon)

    def deconstruct(self):
        # Only the admin differs: migrations keep naming Wagtail's block, as they do for
        # StructBlock and ChoiceBlock subclasses.
        _path, _args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", (self._target_model,), kwargs


class _ChosenRowField(forms.ModelChoiceField):
    """Wagtail's chooser field, finding the chosen row through the block (once per request, with
    the values its checks read) rather than with a query per block. Its queryset is the model's
    whole table, as Wagtail's, so what it accepts is the same."""

    def __init__(self, *args, row, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.row(value.pk if isinstance(value, self.queryset.model) else value)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class FigureChooserBlock(StatsChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("stats.Figure", **kwargs)

    class Meta:
        # The editor script (stats/static/stats/admin/infographic-blocks.js) reads the chosen figure.
        form_attrs = {"data-stats-infographic-target": "figure"}


class InfographicBlock(blocks.StructBlock):
    """Shared behaviour: the chart is built from the chosen data, or not at all when data is gone."""

    # The units this block draws (empty: it chooses no figure), and what the editor is told otherwise.
    units: tuple[str, ...] = ()
    wrong_unit_message = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.units:
            # The editor script flags a wrong unit or a wave without a value as soon as a figure is
            # chosen, with the messages the server gives on save. Lazy values: translated when the
            # block definition is packed for each editor.
            self.meta.form_attrs = {
                "data-controller": "stats-infographic",
                "data-action": "change->stats-infographic#refresh",
                "data-stats-infographic-url-value": reverse_lazy("stats_figure_waves"),
                "data-stats-infographic-units-value": json.dumps(list(self.units)),
                "data-stats-infographic-wrong-unit-value": self.wrong_unit_message,
                "data-stats-infographic-no-value-value": NO_VALUE_FOR_WAVE,
            }

    def build_chart(self, value, language: str):
        raise NotImplementedError

    def chosen(self, value) -> tuple[list, list]:
        """(figures, surveys) this block's value has chosen, for bulk prefetching."""
        figures = [value.get("figure"), *list(value.get("figures") or [])]
        return [f for f in figures if f is not None], [s for s in [value.get("survey")] if s is not None]

    # Once converted, a deleted figure and an empty chooser (a draft: required fields are checked
    # on publish) are both None. Note which choices pointed at a row that is gone, so the editor's
    # preview can say which it is.
    def to_python(self, value):
        return self._note_deleted(super().to_python(value), value)

    def bulk_to_python(self, values):
        values = list(values)
        return [
            self._note_deleted(converted, raw)
            for converted, raw in zip(super().bulk_to_python(values), values, strict=False)
        ]

    @staticmethod
    def _note_deleted(struct_value, raw):
        deleted = {
            name for name in ("figure", "survey") if raw.get(name) is not None and struct_value.get(name) is None
        }
        stored = [item.get("value") if isinstance(item, dict) else item for item in raw.get("figures") or []]
        if any(
            pk is not None and figure is None
            for pk, figure in zip(stored, struct_value.get("figures") or [], strict=False)
        ):
            deleted.add("figures")
        struct_value.deleted_choices = frozenset(deleted)
        return struct_value

    # --- validation (on save) ---

    def wrong_unit(self, figure) -> ValidationError | None:
        if figure is not None and self.units and figure.unit not in self.units:
            return ValidationError(self.wrong_unit_message % {"figure": figure.label})
        return None

    @staticmethod
    def no_value(figure, wave_key) -> ValidationError | None:
        # A blank wave is the required check's business (deferred for drafts), not a missing value.
        if figure is not None and wave_key and figure.observation_for(wave_key) is None:
            return ValidationError(NO_VALUE_FOR_WAVE % {"figure": figure.label})
        return None

    @staticmethod
    def raise_errors(errors: dict):
        errors = {name: error for name, error in errors.items() if error is not None}
        if errors:
            raise StructBlockValidationError(block_errors=errors)

    # --- rendering ---

    def chosen_figure(self, value):
        figure = value.get("figure")
        if figure is None:
            if "figure" in getattr(value, "deleted_choices", ()):
                raise chart_data.Unavailable(gettext("The chosen figure has been deleted."))
            raise chart_data.Unavailable(gettext("No figure chosen yet."))
        return self.drawable(figure)

    def drawable(self, figure):
        if not references.is_published(figure):
            raise chart_data.Unavailable(gettext("“%(figure)s” is not published yet.") % {"figure": figure.label})
        error = self.wrong_unit(figure)
        if error:
            # Saved before blocks checked units: say why nothing is drawn.
            raise chart_data.Unavailable(error.messages[0])
        return figure

    @staticmethod
    def chosen_wave(value, name="wave"):
        if not value.get(name):
            raise chart_data.Unavailable(gettext("No wave chosen yet."))
        return value[name]

    # Previews in the editor's block picker draw real figures from the database.
    def preview_data(self) -> dict | None:
        """A raw value for the block picker's preview, chosen from the stored figures."""
        return None

    def get_preview_value(self):
        raw = self.preview_data()
        return self.to_python(raw) if raw else self.get_default()

    @property
    def is_previewable(self):
        return True

    def render(self, value, context=None):
        """The chart's HTML is cached under a digest of the chart itself (every value, label, id and
        source it draws), its language and this app's code: the same chart is rendered once, and a
        changed figure, wave or translation is a different chart, so a cached one is never stale.
        What is not a chart (the editor's notice) is rendered each time."""
        template = self.get_template(value, context=context)
        new_context = self.get_context(value, parent_context=dict(context) if context is not None else None)
        chart = new_context.get("chart")
        if chart is None:
            return mark_safe(render_to_string(template, new_context))
        from core import page_cache

        digest = hashlib.blake2b(digest_size=16)
        for part in (_code_version(), template, translation.get_language() or "", repr(chart)):
            digest.update(part.encode())
        key = f"infographic:{digest.hexdigest()}"
        store = page_cache.cache()
        html = store.get(key)
        if html is None:
            html = render_to_string(template, new_context)
            store.set(key, str(html), page_cache.fragment_lifetime())
        return mark_safe(html)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["is_preview"] = getattr(request, "is_preview", False)
        language = translation.get_language()
        try:
            chart = self.build_chart(value, language)
            # A stable id from the StreamField block's id (Wagtail puts it in the context) and the
            # language, so a page renders the same ids every time and two blocks never share one.
            block_id = (parent_context or {}).get("id")
            context["chart"] = replace(chart, id=components.chart_id(str(block_id), language)) if block_id else chart
        except chart_data.Unavailable as problem:
            # Readers see nothing rather than a wrong or broken figure; editors see why in preview.
            context["chart"] = None
            context["problem"] = str(problem)
        except ValueError:
            # A value outside its unit's range (stored by a path that skipped validation).
            context["chart"] = None
            context["problem"] = gettext("A stored value is out of range for its unit.")
        return context

    def get_searchable_content(self, value):
        """The chart's text as readers read it in the active language (labels, values as written,
        the source): what a search index should find. Nothing when the chart cannot be drawn."""
        try:
            chart = self.build_chart(value, translation.get_language())
        except (chart_data.Unavailable, ValueError):
            return []
        # A space for every tag, so that adjacent cells and labels stay separate words.
        text = strip_tags(components.render(chart).replace("<", " <"))
        # The drawing, its statement and its table repeat labels and values: index each line once.
        lines = dict.fromkeys(" ".join(unescape(line).split()) for line in text.splitlines())
        return [" ".join(line for line in lines if line)]

    class Meta:
        template = "stats/blocks/infographic.html"
        icon = "table"


@cache
def _code_version() -> str:
    """What the rendered HTML depends on besides the data: this app's code, templates and the
    translations. A deployment that changes them never serves an infographic rendered by the old."""
    from django.conf import settings

    app = Path(__file__).resolve().parent
    files = sorted([*app.glob("*.py"), *app.glob("templates/**/*.html")])
    for locale in settings.LOCALE_PATHS:
        files += sorted(Path(locale).glob("*/LC_MESSAGES/*.mo"))
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _caption():
    return blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=300,
        help_text=_("Optional: a note under the figure, in this language."),
    )


def _figure_chooser(**kwargs):
    return FigureChooserBlock(label=_("Figure"), **kwargs)


class WaveBlock(blocks.ChoiceBlock):
    """A wave key ("2009", "today"). The choices come from the database for the editor's form;
    rendering keeps the stored key as it is rather than querying the choices once per block."""

    def to_python(self, value):
        return value

    def deconstruct(self):
        # Migrations record the block's shape, not where its choices come from: without this,
        # every migration of a body would import stats.selectors.wave_choices (a runtime query).
        path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return path, args, kwargs

    def get_searchable_content(self, value):
        # ChoiceBlock would look up the choice's label: a query per block on every save, for a
        # wave key that says nothing a reader would search for.
        return []

    class Meta:
        form_attrs = {"data-stats-infographic-target": "wave"}


def _wave(label):
    return WaveBlock(choices=selectors.wave_choices, label=label)


PERCENT_OR_COUNT = (Unit.PERCENT.value, Unit.COUNT.value)


class OneFigureBlock(InfographicBlock):
    """A figure at one wave: what the big number and the rank have in common."""

    figure = _figure_chooser()
    wave = _wave(_("Wave"))
    caption = _caption()

    preview_unit = Unit.PERCENT
    chart_builder = staticmethod(chart_data.big_number_of)

    def clean(self, value):
        value = super().clean(value)
        wrong_unit = self.wrong_unit(value["figure"])
        self.raise_errors(
            {"figure": wrong_unit} if wrong_unit else {"wave": self.no_value(value["figure"], value["wave"])}
        )
        return value

    def preview_data(self):
        observation = selectors.preview_observation(unit=self.preview_unit)
        return observation and {"figure": observation.figure_id, "wave": observation.wave.key, "caption": ""}

    def build_chart(self, value, language):
        figure = self.chosen_figure(value)
        wave = self.chosen_wave(value)
        return self.chart_builder(figure=figure, wave=wave, caption=value["caption"], language=language)


class BigNumberBlock(OneFigureBlock):
    units = PERCENT_OR_COUNT
    wrong_unit_message = _(
        "“%(figure)s” is a rank: the big number shows a percentage or a count. Put ranks in the rank infographic."
    )

    class Meta:
        label = _("Infographic: big number")
        description = _("One figure at one wave, e.g. the share of CIOs who put the customer first.")
        icon = "pick"


class ThenNowBlock(InfographicBlock):
    figure = _figure_chooser()
    before = _wave(_("Then (wave)"))
    after = _wave(_("Now (wave)"))
    caption = _caption()

    units = PERCENT_OR_COUNT
    wrong_unit_message = _(
        "“%(figure)s” is a rank: then vs now compares a percentage or a count. Put ranks in the rank infographic."
    )

    def clean(self, value):
        value = super().clean(value)
        figure, before, after = value["figure"], value["before"], value["after"]
        wrong_unit = self.wrong_unit(figure)
        if wrong_unit:
            self.raise_errors({"figure": wrong_unit})
        if before and before == after:
            self.raise_errors({"after": ValidationError(_("Choose two different waves."))})
        self.raise_errors({"before": self.no_value(figure, before), "after": self.no_value(figure, after)})
        return value

    def preview_data(self):
        observations = selectors.preview_pair()
        return observations and {
            "figure": observations[0].figure_id,
            "before": observations[0].wave.key,
            "after": observations[1].wave.key,
            "caption": "",
        }

    def build_chart(self, value, language):
        figure = self.chosen_figure(value)
        before, after = self.chosen_wave(value, "before"), self.chosen_wave(value, "after")
        return chart_data.then_now_of(
            figure=figure, before=before, after=after, caption=value["caption"], language=language
        )

    class Meta:
        label = _("Infographic: then vs now")
        description = _("One figure at two waves, with the change, e.g. cloud computing in 2009 and today.")
        icon = "history"


class BarsBlock(InfographicBlock):
    figures = blocks.ListBlock(_figure_chooser(), min_num=2, max_num=10, label=_("Figures"))
    wave = _wave(_("Wave"))
    caption = _caption()

    units = PERCENT_OR_COUNT
    wrong_unit_message = _(
        "“%(figure)s” is a rank: bars show percentages or counts. Put ranks in the rank infographic."
    )

    def clean(self, value):
        value = super().clean(value)
        chosen = [(i, figure) for i, figure in enumerate(value["figures"]) if figure is not None]
        # Each wrong figure is flagged next to its own chooser.
        wrong_units = {i: error for i, figure in chosen if (error := self.wrong_unit(figure))}
        if wrong_units:
            self.raise_errors({"figures": ListBlockValidationError(block_errors=wrong_units)})
        if len({figure.unit for _i, figure in chosen}) > 1:
            self.raise_errors({"figures": ValidationError(_("Choose figures with the same unit."))})
        for _i, figure in chosen:
            self.raise_errors({"wave": self.no_value(figure, value["wave"])})
        return value

    def preview_data(self):
        observations = selectors.preview_row(unit=Unit.PERCENT)
        return observations and {
            "figures": [o.figure_id for o in observations],
            "wave": observations[0].wave.key,
            "caption": "",
        }

    def build_chart(self, value, language):
        figures = list(value["figures"])
        if any(figure is None for figure in figures):
            if "figures" in getattr(value, "deleted_choices", ()):
                raise chart_data.Unavailable(gettext("One of the chosen figures has been deleted."))
            raise chart_data.Unavailable(gettext("No figure chosen yet."))
        figures = [self.drawable(figure) for figure in figures]
        wave = self.chosen_wave(value)
        return chart_data.bars_of(figures=figures, wave=wave, caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: bars")
        description = _("Several figures at one wave, sorted, side by side.")
        icon = "list-ol"


class SampleBlock(InfographicBlock):
    survey = StatsChooserBlock("stats.Survey", label=_("Survey"))
    caption = _caption()

    def preview_data(self):
        survey = selectors.preview_survey()
        return survey and {"survey": survey.pk, "caption": ""}

    def build_chart(self, value, language):
        survey = value["survey"]
        if survey is None:
            if "survey" in getattr(value, "deleted_choices", ()):
                raise chart_data.Unavailable(gettext("The chosen survey has been deleted."))
            raise chart_data.Unavailable(gettext("No survey chosen yet."))
        if not references.is_published(survey):
            raise chart_data.Unavailable(gettext("“%(figure)s” is not published yet.") % {"figure": survey.title})
        return chart_data.sample_of(survey=survey, caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: the sample")
        description = _("Who answered the survey, at a glance: respondents, countries, industries.")
        icon = "group"


class RankBlock(OneFigureBlock):
    preview_unit = Unit.RANK
    chart_builder = staticmethod(chart_data.rank_of)

    units = (Unit.RANK.value,)
    wrong_unit_message = _(
        "“%(figure)s” is not a rank: the rank infographic shows only figures whose unit is the rank."
    )

    class Meta:
        label = _("Infographic: rank")
        description = _("A ranked figure, e.g. technology factors 6th in 2009.")
        icon = "order"


INFOGRAPHIC_BLOCKS = [
    ("big_number", BigNumberBlock()),
    ("then_now", ThenNowBlock()),
    ("bars", BarsBlock()),
    ("sample", SampleBlock()),
    ("rank", RankBlock()),
]


class FigureRichTextBlock(blocks.RichTextBlock):
    """Rich text whose figure references (stats.references) are drawn from the data.

    Rendered with the figures `prefetch_infographics` loaded for the whole body (none loaded per
    paragraph), and with a notice instead of nothing in the editor's preview.
    """

    def render_basic(self, value, context=None):
        request = (context or {}).get("request")
        with references.rendering(
            figures=getattr(value, "figure_references", None), preview=getattr(request, "is_preview", False)
        ):
            return super().render_basic(value, context=context)

    def get_searchable_content(self, value):
        # The numbers as readers read them, in the language being indexed (with the figures
        # `prefetch_infographics` loaded for the whole body, when it did).
        if not value:
            return []
        with references.rendering(figures=getattr(value, "figure_references", None)):
            return [references.searchable_text(value.source, translation.get_language())]

    def deconstruct(self):
        # The stored shape is a rich text's: migrations keep naming Wagtail's block.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs


def prefetch_infographics(stream_value) -> None:
    """Load what every infographic and figure reference in a StreamField value draws, in a fixed
    number of queries (stats.selectors.load_cited), whatever the number of blocks.

    The ids are read from the stored data first; the figures and surveys are loaded once, and the
    choosers of every block type take theirs from that load as the stream converts its blocks.
    The figures that the rich text cites come from the same load and are handed to each paragraph.
    Loaded once per value: the page's metadata and share card call it again for nothing.
    """
    if stream_value is None or getattr(stream_value, "stats_prefetched", False):
        return
    figure_ids, survey_ids = set(), set()
    for item in stream_value.raw_data:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, str):
            figure_ids |= {ref.figure_id for ref in references.references_in(value) if ref.figure_id}
        elif isinstance(value, dict):
            chosen = [value.get("figure")]
            chosen += [entry.get("value") if isinstance(entry, dict) else entry for entry in value.get("figures") or []]
            figure_ids |= {int(pk) for pk in chosen if str(pk or "").isdigit()}
            if str(value.get("survey") or "").isdigit():
                survey_ids.add(int(value["survey"]))
    rows = selectors.load_cited(figure_ids=figure_ids, survey_ids=survey_ids)
    with selectors.preloaded(rows):
        children = list(stream_value)
    figures, surveys, texts = [], [], []
    for child in children:
        if isinstance(child.block, InfographicBlock):
            chosen_figures, chosen_surveys = child.block.chosen(child.value)
            figures += chosen_figures
            surveys += chosen_surveys
        elif isinstance(child.block, blocks.RichTextBlock) and child.value:
            texts.append(child.value)
    # Blocks converted before this call hold rows of their own: loaded here, in bulk (no query
    # when every row came from the load above).
    selectors.prefetch_for_infographics(figures=figures, surveys=surveys)
    if texts:
        loaded = rows[selectors.Figure]
        wanted = {ref.figure_id for text in texts for ref in references.references_in(text.source) if ref.figure_id}
        cited = {pk: loaded.get(pk) for pk in wanted}
        for text in texts:
            text.figure_references = cited
    stream_value.stats_prefetched = True

"""Infographic blocks for the article body. Each block *chooses* figures (or a survey) and waves;
it never holds a number, so a figure edited once is redrawn everywhere it is used.

Rendering: ArticlePage calls `prefetch_infographics(body)` before rendering, so the figures the
choosers loaded arrive at each block with their values, waves and survey already attached. A block
rendered on its own still works; it just loads its own data lazily.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from . import charts, selectors
from .formatting import Unit


class StatsChooserBlock(SnippetChooserBlock):
    """A snippet chooser whose widget comes from the model's chooser viewset (stats.admin_views).

    Wagtail's SnippetChooserBlock builds its widget once per block, with the button texts already
    translated into the language of that first request; blocks live as long as the process, so
    every later editor saw that language. The viewset's widget keeps its texts lazy.
    """

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


class FigureChooserBlock(StatsChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("stats.Figure", **kwargs)


class InfographicBlock(blocks.StructBlock):
    """Shared behaviour: the chart is built from the chosen data, or not at all when data is gone."""

    def build_chart(self, value, language: str):
        raise NotImplementedError

    def chosen(self, value) -> tuple[list, list]:
        """(figures, surveys) this block's value has chosen, for bulk prefetching."""
        figures = [value.get("figure")] + list(value.get("figures") or [])
        return [f for f in figures if f is not None], [s for s in [value.get("survey")] if s is not None]

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

    @staticmethod
    def _figure(figure):
        if figure is None:
            raise charts.Unavailable(gettext("The chosen figure has been deleted."))
        return figure

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["is_preview"] = getattr(request, "is_preview", False)
        try:
            context["chart"] = self.build_chart(value, translation.get_language())
        except charts.Unavailable as problem:
            # Readers see nothing rather than a wrong or broken figure; editors see why in preview.
            context["chart"] = None
            context["problem"] = str(problem)
        except ValueError:
            # A value outside its unit's range (stored by a path that skipped validation).
            context["chart"] = None
            context["problem"] = gettext("A stored value is out of range for its unit.")
        return context

    class Meta:
        template = "stats/blocks/infographic.html"
        icon = "table"


def _caption():
    return blocks.CharBlock(label=_("Caption"), required=False, max_length=300,
                            help_text=_("Optional: a note under the figure, in this language."))


def _figure_chooser(**kwargs):
    return FigureChooserBlock(label=_("Figure"), **kwargs)


class WaveBlock(blocks.ChoiceBlock):
    """A wave key ("2009", "today"). The choices come from the database for the editor's form;
    rendering keeps the stored key as it is rather than querying the choices once per block."""

    def to_python(self, value):
        return value


def _wave(label):
    return WaveBlock(choices=selectors.wave_choices, label=label)


def _require_value(figure, wave_key, field="wave"):
    if figure is not None and figure.observation_for(wave_key) is None:
        raise StructBlockValidationError(block_errors={field: ValidationError(
            _("“%(figure)s” has no value for this wave.") % {"figure": figure.label}
        )})


class OneFigureBlock(InfographicBlock):
    """A figure at one wave: what the big number and the rank have in common."""

    figure = _figure_chooser()
    wave = _wave(_("Wave"))
    caption = _caption()

    preview_unit = Unit.PERCENT
    chart_builder = staticmethod(charts.big_number)

    def clean(self, value):
        value = super().clean(value)
        _require_value(value["figure"], value["wave"])
        return value

    def preview_data(self):
        observation = selectors.preview_observation(unit=self.preview_unit)
        return observation and {"figure": observation.figure_id, "wave": observation.wave.key, "caption": ""}

    def build_chart(self, value, language):
        figure = self._figure(value["figure"])
        return self.chart_builder(figure=figure, wave=value["wave"], caption=value["caption"], language=language)


class BigNumberBlock(OneFigureBlock):
    class Meta:
        label = _("Infographic: big number")
        description = _("One figure at one wave, e.g. the share of CIOs who put the customer first.")
        icon = "pick"


class ThenNowBlock(InfographicBlock):
    figure = _figure_chooser()
    before = _wave(_("Then (wave)"))
    after = _wave(_("Now (wave)"))
    caption = _caption()

    def clean(self, value):
        value = super().clean(value)
        if value["before"] == value["after"]:
            raise StructBlockValidationError(block_errors={"after": ValidationError(_("Choose two different waves."))})
        _require_value(value["figure"], value["before"], "before")
        _require_value(value["figure"], value["after"], "after")
        return value

    def preview_data(self):
        observations = selectors.preview_pair()
        return observations and {
            "figure": observations[0].figure_id, "before": observations[0].wave.key,
            "after": observations[1].wave.key, "caption": "",
        }

    def build_chart(self, value, language):
        figure = self._figure(value["figure"])
        return charts.then_now(figure=figure, before=value["before"], after=value["after"], caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: then vs now")
        description = _("One figure at two waves, with the change, e.g. cloud computing in 2009 and today.")
        icon = "history"


class BarsBlock(InfographicBlock):
    figures = blocks.ListBlock(_figure_chooser(), min_num=2, max_num=10, label=_("Figures"))
    wave = _wave(_("Wave"))
    caption = _caption()

    def clean(self, value):
        value = super().clean(value)
        chosen = [figure for figure in value["figures"] if figure is not None]
        if len({figure.unit for figure in chosen}) > 1:
            raise StructBlockValidationError(block_errors={"figures": ValidationError(_("Choose figures with the same unit."))})
        if any(figure.unit == Unit.RANK for figure in chosen):
            raise StructBlockValidationError(block_errors={"figures": ValidationError(_("Ranks cannot be drawn as bars: use the rank infographic."))})
        for figure in chosen:
            _require_value(figure, value["wave"])
        return value

    def preview_data(self):
        observations = selectors.preview_row(unit=Unit.PERCENT)
        return observations and {
            "figures": [o.figure_id for o in observations], "wave": observations[0].wave.key, "caption": "",
        }

    def build_chart(self, value, language):
        figures = [self._figure(figure) for figure in value["figures"]]
        return charts.bars(figures=figures, wave=value["wave"], caption=value["caption"], language=language)

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
            raise charts.Unavailable(gettext("The chosen survey has been deleted."))
        return charts.sample(survey=survey, caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: the sample")
        description = _("Who answered the survey, at a glance: respondents, countries, industries.")
        icon = "group"


class RankBlock(OneFigureBlock):
    preview_unit = Unit.RANK
    chart_builder = staticmethod(charts.rank)

    def clean(self, value):
        figure = value.get("figure")
        if figure is not None and figure.unit != Unit.RANK:
            raise StructBlockValidationError(block_errors={"figure": ValidationError(_("Choose a figure whose unit is rank."))})
        return super().clean(value)

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


def prefetch_infographics(stream_value) -> None:
    """Load what every infographic in a StreamField value draws, in a fixed number of queries.

    Iterating the stream makes Wagtail convert each block type's raw data in bulk (one query per
    chooser type); the figures and surveys it returns are the instances the blocks render with.
    """
    figures, surveys = [], []
    for child in stream_value:
        if isinstance(child.block, InfographicBlock):
            chosen_figures, chosen_surveys = child.block.chosen(child.value)
            figures += chosen_figures
            surveys += chosen_surveys
    selectors.prefetch_for_infographics(figures=figures, surveys=surveys)

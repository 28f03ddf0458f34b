"""Infographic blocks for the article body. Each block *chooses* figures (or a survey) and waves;
it never holds a number, so a figure edited once is redrawn everywhere it is used.

Rendering: ArticlePage loads every figure and survey its body references in bulk
(`collect_references` + stats.selectors) and passes them down as `infographic_data`; a block
rendered without that (e.g. on its own) loads just its own data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from . import charts, selectors
from .formatting import Unit


def _pk(value):
    """A chosen snippet's id from a block's raw data: 12, "12", or a ListBlock item dict."""
    if isinstance(value, dict):
        value = value.get("value")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class InfographicBlock(blocks.StructBlock):
    """Shared behaviour: caption, bulk data lookup, rendering nothing (or a notice) when data is gone."""

    def referenced_ids(self, raw: dict) -> tuple[set[int], set[int]]:
        """(figure ids, survey ids) this block's raw value points at, without touching the database."""
        figures = {_pk(raw.get("figure"))} | {_pk(item) for item in raw.get("figures") or []}
        surveys = {_pk(raw.get("survey"))}
        return figures - {None}, surveys - {None}

    def build_chart(self, value, data: selectors.InfographicData, language: str):
        raise NotImplementedError

    def _figure(self, chosen, data):
        if chosen is None:
            raise charts.Unavailable(gettext("The chosen figure has been deleted."))
        return data.figures.get(chosen.pk) or selectors.figures_by_id(ids=[chosen.pk]).get(chosen.pk) or self._gone()

    def _gone(self):
        raise charts.Unavailable(gettext("The chosen figure has been deleted."))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        data = parent_context.get("infographic_data")
        if data is None:
            figure_ids, survey_ids = self.referenced_ids(self.get_prep_value(value))
            data = selectors.infographic_data(figure_ids=figure_ids, survey_ids=survey_ids)
        context["is_preview"] = getattr(request, "is_preview", False)
        try:
            context["chart"] = self.build_chart(value, data, translation.get_language())
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
    return SnippetChooserBlock("stats.Figure", label=_("Figure"), **kwargs)


def _wave(label):
    return blocks.ChoiceBlock(choices=selectors.wave_choices, label=label)


def _require_value(figure, wave_key, field="wave"):
    if figure is not None and figure.observation_for(wave_key) is None:
        raise StructBlockValidationError(block_errors={field: ValidationError(
            _("“%(figure)s” has no value for this wave.") % {"figure": figure.label}
        )})


class BigNumberBlock(InfographicBlock):
    figure = _figure_chooser()
    wave = _wave(_("Wave"))
    caption = _caption()

    def clean(self, value):
        value = super().clean(value)
        _require_value(value["figure"], value["wave"])
        return value

    def build_chart(self, value, data, language):
        figure = self._figure(value["figure"], data)
        return charts.big_number(figure=figure, wave=value["wave"], caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: big number")
        description = _("One figure at one wave, e.g. 60% of CIOs put the customer first.")
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

    def build_chart(self, value, data, language):
        figure = self._figure(value["figure"], data)
        return charts.then_now(figure=figure, before=value["before"], after=value["after"], caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: then vs now")
        description = _("One figure at two waves, with the change, e.g. cloud 30% → 64%.")
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

    def build_chart(self, value, data, language):
        figures = [self._figure(figure, data) for figure in value["figures"]]
        return charts.bars(figures=figures, wave=value["wave"], caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: bars")
        description = _("Several figures at one wave, sorted, side by side.")
        icon = "list-ol"


class SampleBlock(InfographicBlock):
    survey = SnippetChooserBlock("stats.Survey", label=_("Survey"))
    caption = _caption()

    def build_chart(self, value, data, language):
        chosen = value["survey"]
        survey = chosen and (data.surveys.get(chosen.pk) or selectors.surveys_by_id(ids=[chosen.pk]).get(chosen.pk))
        if not survey:
            raise charts.Unavailable(gettext("The chosen survey has been deleted."))
        return charts.sample(survey=survey, caption=value["caption"], language=language)

    class Meta:
        label = _("Infographic: the sample")
        description = _("Who answered the survey, at a glance: respondents, countries, industries.")
        icon = "group"


class RankBlock(InfographicBlock):
    figure = _figure_chooser()
    wave = _wave(_("Wave"))
    caption = _caption()

    def clean(self, value):
        value = super().clean(value)
        figure = value["figure"]
        if figure is not None and figure.unit != Unit.RANK:
            raise StructBlockValidationError(block_errors={"figure": ValidationError(_("Choose a figure whose unit is rank."))})
        _require_value(figure, value["wave"])
        return value

    def build_chart(self, value, data, language):
        figure = self._figure(value["figure"], data)
        return charts.rank(figure=figure, wave=value["wave"], caption=value["caption"], language=language)

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


def collect_references(stream_value) -> tuple[set[int], set[int]]:
    """Every figure and survey id that the infographic blocks of a StreamField value reference."""
    figure_ids: set[int] = set()
    survey_ids: set[int] = set()
    child_blocks = stream_value.stream_block.child_blocks
    for item in stream_value.raw_data:
        block = child_blocks.get(item.get("type"))
        if isinstance(block, InfographicBlock):
            figures, surveys = block.referenced_ids(item.get("value") or {})
            figure_ids |= figures
            survey_ids |= surveys
    return figure_ids, survey_ids


def infographic_data_for(stream_value) -> selectors.InfographicData:
    figure_ids, survey_ids = collect_references(stream_value)
    return selectors.infographic_data(figure_ids=figure_ids, survey_ids=survey_ids)

"""Reads of the stats data.

Infographic blocks choose figures and surveys with snippet choosers, and sentences cite figures.
A page loads everything they draw at once (`load_cited`: three queries), and the choosers of every
block type take their rows from that load (`preloaded`) rather than one query per block type; the
head's metadata reads the same objects. `prefetch_for_infographics` completes rows loaded any other
way. The cost of a page does not grow with the number of its infographics or references.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import translation
from django.utils.translation import pgettext_lazy

from core import memo
from core.languages import site_languages, value_in

from .formatting import normalize_language
from .models import Figure, Observation, Survey, Wave


def _waves():
    return Prefetch("waves", queryset=Wave.objects.order_by("sort_order"))


def prefetch_for_infographics(*, figures: Iterable[Figure], surveys: Iterable[Survey]) -> None:
    """Attach values (with their waves), surveys and survey waves to the given instances, in bulk."""
    figures = [figure for figure in figures if figure is not None]
    surveys = [survey for survey in surveys if survey is not None]
    if figures:
        prefetch_related_objects(figures, Prefetch("observations", queryset=Observation.objects.select_related("wave")))
        # Their surveys: those already loaded (a sample block's, or with the figure) are not loaded again.
        known = {survey.pk: survey for survey in surveys}
        unloaded = [figure for figure in figures if not Figure.survey.is_cached(figure)]
        for figure in figures:
            if Figure.survey.is_cached(figure):
                known.setdefault(figure.survey_id, figure.survey)
        missing = {figure.survey_id for figure in unloaded} - known.keys()
        if missing:
            known.update(Survey.objects.in_bulk(missing))
        for figure in unloaded:
            figure.survey = known[figure.survey_id]
        surveys += [figure.survey for figure in figures]
    if surveys:
        prefetch_related_objects(list({id(s): s for s in surveys}.values()), _waves())


# Rows a page has already loaded ({model: {pk: instance}}), which the snippet choosers of its blocks
# take instead of querying once per block type (stats.blocks.StatsChooserBlock). Set only inside
# `preloaded()`, for the conversion of one StreamField value.
_preloaded: ContextVar[dict | None] = ContextVar("stats_preloaded_rows", default=None)


@contextmanager
def preloaded(rows: dict):
    token = _preloaded.set(rows)
    try:
        yield
    finally:
        _preloaded.reset(token)


def preloaded_rows(model) -> dict | None:
    """{pk: instance} of `model` loaded for the value being converted (inside `preloaded()`), else
    those this request has loaded (the editor converts and checks a body block by block), else None."""
    rows = _preloaded.get()
    if rows is None:
        return memo.for_request("stats", f"rows {model._meta.label}")
    return rows.setdefault(model, {})


def load_rows(model, pks: Iterable[int]) -> dict:
    """{pk: instance} of figures or surveys with what a block checks attached: a figure's values
    with their waves and its survey (two queries); a survey's waves (two)."""
    if model is Figure:
        rows = Figure.objects.select_related("survey").prefetch_related(
            Prefetch("observations", queryset=Observation.objects.select_related("wave"))
        )
    elif model is Survey:
        rows = Survey.objects.prefetch_related(_waves())
    else:
        rows = model.objects.all()
    return rows.in_bulk(set(pks))


def load_cited(*, figure_ids: Iterable[int], survey_ids: Iterable[int]) -> dict:
    """Everything a page's infographics, figure references and metadata draw, in three queries
    whatever the number of blocks: {Figure: {pk: figure}, Survey: {pk: survey}}.

    1. the cited figures and every figure of the cited surveys (the Dataset's measured variables),
       each with its survey (one instance per survey); 2. the cited figures' values with their
       waves; 3. the surveys' waves. A survey chosen by a sample block that has no figure at all
       costs one query more.
    """
    figure_ids = {int(pk) for pk in figure_ids if pk is not None}
    survey_ids = {int(pk) for pk in survey_ids if pk is not None}
    figures: dict[int, Figure] = {}
    surveys: dict[int, Survey] = {}
    if figure_ids or survey_ids:
        same_survey = Figure.objects.filter(pk__in=figure_ids).values("survey_id")
        rows = (
            Figure.objects.filter(Q(pk__in=figure_ids) | Q(survey_id__in=same_survey) | Q(survey_id__in=survey_ids))
            .select_related("survey")
            .order_by("survey_id", "key")  # Figure's own ordering, so each survey's list reads as before
        )
        for figure in rows:
            figure.survey = surveys.setdefault(figure.survey_id, figure.survey)
            figure.survey.__dict__.setdefault("loaded_figures", []).append(figure)
            figures[figure.pk] = figure
    missing = survey_ids - surveys.keys()
    if missing:
        surveys.update(Survey.objects.in_bulk(missing))
    for survey in surveys.values():
        survey.__dict__.setdefault("loaded_figures", [])
    cited = [figures[pk] for pk in figure_ids if pk in figures]
    if cited:
        prefetch_related_objects(cited, Prefetch("observations", queryset=Observation.objects.select_related("wave")))
    if surveys:
        prefetch_related_objects(list(surveys.values()), _waves())
    return {Figure: figures, Survey: surveys}


def figures_of(survey: Survey) -> list[Figure]:
    """A survey's figures: those `load_cited` loaded with it, else from the database."""
    loaded = survey.__dict__.get("loaded_figures")
    return list(loaded) if loaded is not None else list(survey.figures.all())


def cited_figure_ids(page, language: str) -> set[int]:
    """The figures a page's body cites in `language` (its infographics and its references), read
    from the stored data without loading a row."""
    from .references import references_in

    body = value_in(page, "body", language) if hasattr(page, "body") else None
    ids = set()
    for block in getattr(body, "raw_data", None) or []:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            ids |= {ref.figure_id for ref in references_in(value) if ref.figure_id}
        elif isinstance(value, dict):
            chosen = [value.get("figure")]
            for item in value.get("figures") or []:
                chosen.append(item.get("value") if isinstance(item, dict) else item)
            ids |= {int(pk) for pk in chosen if str(pk or "").isdigit()}
    return ids


def survey_for_download(*, key: str) -> Survey | None:
    """A survey with its figures, their values and waves, for a data download (three queries)."""
    return (
        Survey.objects.filter(key=key)
        .prefetch_related(
            Prefetch("figures", queryset=Figure.objects.order_by("key")),
            Prefetch(
                "figures__observations",
                queryset=Observation.objects.select_related("wave").order_by("wave__sort_order"),
            ),
        )
        .first()
    )


def wave_choices() -> list[tuple[str, str]]:
    """Wave keys editors can pick in a block, labelled in the admin's language: ("2009", "2009"),
    ("today", "oggi") for an Italian editor, ("today", "today") for an English one.

    Led by the blank choice: ChoiceBlock adds its own otherwise, whose label ("- Select an
    option -") Wagtail 8 does not translate into Italian.
    """
    language = normalize_language(translation.get_language())
    memoised = memo.for_request("stats", "wave choices")
    if memoised is not None and language in memoised:
        return memoised[language]  # every wave select of a body asks, on every save
    choices: dict[str, str] = {"": pgettext_lazy("stats wave", "- Choose a wave -")}
    for wave in Wave.objects.order_by("survey_id", "sort_order"):
        # The admin's language first, then any language that has a label, then the year.
        languages = [language, *site_languages()]
        label = next(filter(None, (value_in(wave, "label", code) for code in languages)), None)
        choices.setdefault(wave.key, label or str(wave.year or wave.key))
    if memoised is not None:
        memoised[language] = list(choices.items())
    return list(choices.items())


# --- Samples for the block picker's previews: any stored data that the block can draw. ---


def preview_observation(*, unit: str) -> Observation | None:
    return (
        Observation.objects.filter(figure__unit=unit)
        .select_related("wave")
        .order_by("figure__key", "wave__sort_order")
        .first()
    )


def preview_pair() -> list[Observation] | None:
    """Two values of one percent figure (then and now)."""
    for figure in Figure.objects.filter(unit="percent").prefetch_related(
        Prefetch("observations", queryset=Observation.objects.select_related("wave").order_by("wave__sort_order"))
    ):
        observations = list(figure.observations.all())
        if len(observations) >= 2:
            return [observations[0], observations[-1]]
    return None


def preview_row(*, unit: str) -> list[Observation] | None:
    """Up to four values of different figures at the wave with the most values."""
    observations = list(
        Observation.objects.filter(figure__unit=unit)
        .select_related("wave")
        .order_by("-wave__sort_order", "figure__key")
    )
    by_wave: dict[int, list[Observation]] = {}
    for observation in observations:
        by_wave.setdefault(observation.wave_id, []).append(observation)
    best = max(by_wave.values(), key=len, default=[])
    return best[:4] if len(best) >= 2 else None


def preview_survey() -> Survey | None:
    return Survey.objects.order_by("pk").first()

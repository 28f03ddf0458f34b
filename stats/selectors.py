"""Reads of the stats data.

Infographic blocks choose figures and surveys with snippet choosers, which load the chosen rows
in bulk (one query per block type). `prefetch_for_infographics` then loads everything those rows
need to be drawn (values, waves, surveys) in a fixed number of queries: the cost of a page does
not grow with the number of its infographics.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django.utils.translation import pgettext_lazy

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
        # Their surveys: those already loaded (a sample block's) are not loaded again.
        known = {survey.pk: survey for survey in surveys}
        missing = {figure.survey_id for figure in figures} - known.keys()
        if missing:
            known.update(Survey.objects.in_bulk(missing))
        for figure in figures:
            figure.survey = known[figure.survey_id]
        surveys += [figure.survey for figure in figures]
    if surveys:
        prefetch_related_objects(list({id(s): s for s in surveys}.values()), _waves())


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
    choices: dict[str, str] = {"": pgettext_lazy("stats wave", "- Choose a wave -")}
    for wave in Wave.objects.order_by("survey_id", "sort_order"):
        # The admin's language first, then any language that has a label, then the year.
        languages = [normalize_language(translation.get_language()), *site_languages()]
        label = next(filter(None, (value_in(wave, "label", code) for code in languages)), None)
        choices.setdefault(wave.key, label or str(wave.year or wave.key))
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

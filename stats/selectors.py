"""Reads of the stats data. Infographics load every figure and survey a page needs in bulk,
before rendering, so the number of queries does not grow with the number of blocks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Figure, Observation, Survey, Wave


@dataclass
class InfographicData:
    """Figures and surveys by id, with their values, waves and surveys already loaded."""

    figures: dict[int, Figure] = field(default_factory=dict)
    surveys: dict[int, Survey] = field(default_factory=dict)


def figures_by_id(*, ids: Iterable[int]) -> dict[int, Figure]:
    ids = set(ids)
    if not ids:
        return {}
    figures = (
        Figure.objects.filter(pk__in=ids)
        .select_related("survey")
        .prefetch_related(Prefetch("observations", queryset=Observation.objects.select_related("wave")))
    )
    return {figure.pk: figure for figure in figures}


def surveys_by_id(*, ids: Iterable[int]) -> dict[int, Survey]:
    ids = set(ids)
    if not ids:
        return {}
    surveys = Survey.objects.filter(pk__in=ids).prefetch_related(Prefetch("waves", queryset=Wave.objects.order_by("sort_order")))
    return {survey.pk: survey for survey in surveys}


def infographic_data(*, figure_ids: Iterable[int], survey_ids: Iterable[int]) -> InfographicData:
    return InfographicData(figures=figures_by_id(ids=figure_ids), surveys=surveys_by_id(ids=survey_ids))


def wave_choices() -> list[tuple[str, str]]:
    """Wave keys editors can pick in a block, e.g. ("2009", "2009"), ("today", "oggi / today")."""
    choices: dict[str, str] = {}
    for wave in Wave.objects.order_by("survey_id", "sort_order"):
        labels = " / ".join(dict.fromkeys(filter(None, [wave.label_it, wave.label_en]))) or str(wave.year or "")
        choices.setdefault(wave.key, labels if labels and labels != wave.key else wave.key)
    return list(choices.items())

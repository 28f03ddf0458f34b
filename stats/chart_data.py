"""The first of the two chart layers: from stats rows (figures, waves, surveys) to the plain values
that the second layer, stats.components, draws as SVG. The one place that reads the models for a
chart, in a given language. Each builder is named for what it draws *of* the data:
`big_number_of(figure=..., wave=...)`, `then_now_of(...)`, `bars_of(...)`, `sample_of(...)`,
`rank_of(...)`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, npgettext, pgettext

from core.languages import value_in

from . import components
from .formatting import Unit, format_number
from .models import Figure, Survey


class Unavailable(Exception):
    """The data a block asks for is missing (deleted figure, no value at that wave, ...)."""


def text(instance, field: str, language: str) -> str:
    """A copy field in `language` ("" when empty): never another language's copy."""
    return value_in(instance, field, language) or ""


def sample_text(survey: Survey, language: str) -> str:
    """ "oltre 1.600 CIO, 70 paesi, 20 settori" / "more than 1,600 CIOs, 70 countries, 20 industries"."""
    with translation.override(language):
        parts = [f"{survey.respondents_text(language)} {text(survey, 'respondents_label', language)}".strip()]
        if survey.countries:
            noun = npgettext("infographic", "country", "countries", survey.countries)
            parts.append(f"{format_number(survey.countries, language=language)} {noun}")
        if survey.industries:
            noun = npgettext("infographic", "industry", "industries", survey.industries)
            parts.append(f"{format_number(survey.industries, language=language)} {noun}")
    return ", ".join(parts)


def source(survey: Survey, language: str) -> components.Source:
    with translation.override(language):
        data_url = reverse("survey-csv", kwargs={"key": survey.key})
    # The study's year is its latest wave's, when that wave has one (the demo's "today" has none:
    # no year is made up).
    waves = list(survey.waves.all())  # in the editor's order (Orderable): the latest last
    latest = waves[-1] if waves else None
    return components.Source(
        publisher=survey.publisher,
        title=text(survey, "title", language),
        sample=sample_text(survey, language),
        year=str(latest.year) if latest is not None and latest.year else "",
        url=survey.source_url,
        data_url=data_url,
    )


def wave_text(wave, language: str) -> str:
    """A wave as readers see it: its label ("oggi"/"today"), else its year."""
    return text(wave, "label", language) or str(wave.year or wave.key)


def figure_texts(figure: Figure, language: str) -> dict:
    """What every one-figure chart takes from the figure: title, description and source."""
    return {
        "title": text(figure, "label", language),
        "description": text(figure, "description", language),
        "source": source(figure.survey, language),
    }


def point(figure: Figure, wave_key: str, language: str) -> components.Point:
    observation = figure.observation_for(wave_key)
    if observation is None:
        raise Unavailable(
            gettext("“%(figure)s” has no value for the wave “%(wave)s”.") % {"figure": figure.label, "wave": wave_key}
        )
    wave = observation.wave
    return components.Point(
        label=text(figure, "label", language),
        short_label=text(figure, "short_label", language),
        wave_label=wave_text(wave, language),
        value=components.Value(amount=observation.value, unit=figure.unit, qualifier=observation.qualifier),
    )


def big_number_of(*, figure: Figure, wave: str, caption: str, language: str):
    return components.big_number(
        **figure_texts(figure, language),
        point=point(figure, wave, language),
        caption=caption,
        language=language,
    )


def then_now_of(*, figure: Figure, before: str, after: str, caption: str, language: str):
    return components.then_now(
        **figure_texts(figure, language),
        before=point(figure, before, language),
        after=point(figure, after, language),
        caption=caption,
        language=language,
    )


def bars_of(*, figures: list[Figure], wave: str, caption: str, language: str):
    if not figures:
        raise Unavailable(gettext("No figures are chosen."))
    survey = figures[0].survey
    # The editor's caption is the chart's title (say what question the bars answer); without one,
    # the study's title. Either way the wave is printed once, above the bars.
    return components.bars(
        title=caption or text(survey, "title", language),
        description=text(survey, "description", language),
        points=[point(figure, wave, language) for figure in figures],
        source=source(survey, language),
        caption="",
        language=language,
    )


def sample_of(*, survey: Survey, caption: str, language: str):
    with translation.override(language):
        # Not the study's title: the source line under the chart names the study once.
        title = pgettext("infographic", "Who answered")
    return components.sample(
        title=title,
        description=text(survey, "method", language) or text(survey, "description", language),
        respondents=components.Value(
            amount=survey.respondents, unit=Unit.COUNT, qualifier=survey.respondents_qualifier
        ),
        countries=survey.countries or 0,
        industries=survey.industries or 0,
        respondents_label=text(survey, "respondents_label", language),
        source=source(survey, language),
        caption=caption,
        language=language,
    )


def rank_of(*, figure: Figure, wave: str, caption: str, language: str):
    if figure.unit != Unit.RANK:
        raise Unavailable(gettext("“%(figure)s” is not a rank.") % {"figure": figure.label})
    return components.rank(
        **figure_texts(figure, language),
        point=point(figure, wave, language),
        caption=caption,
        language=language,
    )

"""Numbers still typed by hand in a page's copy, checked against the figures the page cites and
against the other language: a warning for the editor, never a refusal.

    "Body [en] says 46%, the figure “Cloud computing, today” is 64%."
    "Standfirst [it] says 1.500; Standfirst [en] does not."

The figures a page cites are those its infographic blocks choose and its figure references
point at (every value they hold, at any wave), the survey samples they show (respondents,
countries, industries), plus the changes its then-vs-now blocks and references draw. A figure
reference itself is never a typed number: it is read from the data. Numbers written as words
("sei su dieci") are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.languages import localized, site_languages, value_in
from stats import references as figure_references
from stats.blocks import InfographicBlock
from stats.chart_data import text as copy_in
from stats.chart_data import wave_text
from stats.formatting import Unit, format_delta, format_value
from stats.numbers import POINTS, mentions

# Copy fields whose numbers are checked; the body's text blocks are read block by block.
CHECKED_FIELDS = ("title", "standfirst", "search_description", "body")


@dataclass(frozen=True)
class Cited:
    """A number the page's infographics show, with the words that name it."""

    value: Decimal
    unit: str
    figure: object | None  # a stats Figure, or None for a survey's sample numbers
    wave: object | None
    words: str  # lower-case label words, to pick the figure a sentence talks about
    survey: object | None = None

    def describe(self, language: str) -> str:
        if self.figure is None:
            return f"{self.survey.publisher}: {copy_in(self.survey, 'title', language)}"
        label = copy_in(self.figure, "short_label", language) or copy_in(self.figure, "label", language)
        return f"{label}, {wave_text(self.wave, language)}" if self.wave else label


def cited_numbers(page) -> list[Cited]:
    """Everything the page's infographic blocks draw and its figure references cite, in either
    language's body."""
    cited, seen = [], set()
    texts = []
    for language in site_languages():
        for child in value_in(page, "body", language) or []:
            if hasattr(child.value, "source"):
                texts.append(child.value.source)
            if not isinstance(child.block, InfographicBlock):
                continue
            figures, surveys = child.block.chosen(child.value)
            for figure in figures:
                if figure.pk in seen:
                    continue
                seen.add(figure.pk)
                words = " ".join(copy_in(figure, "label", code).lower() for code in site_languages())
                for observation in figure.observations.all():
                    cited.append(Cited(observation.value, figure.unit, figure, observation.wave, words))
                cited += _changes(figure, child.value, words)
            for survey in surveys:
                for number in (survey.respondents, survey.countries, survey.industries):
                    if number:
                        words = " ".join(copy_in(survey, "method", code).lower() for code in site_languages())
                        cited.append(Cited(Decimal(number), Unit.COUNT.value, None, None, words, survey))
    for figure in figure_references.prefetch(texts).values():
        if figure is None or figure.pk in seen:
            continue
        seen.add(figure.pk)
        words = " ".join(copy_in(figure, "label", code).lower() for code in site_languages())
        for observation in figure.observations.all():
            cited.append(Cited(observation.value, figure.unit, figure, observation.wave, words))
    for reference in (ref for text in texts for ref in figure_references.references_in(text)):
        if reference.form == figure_references.Form.CHANGE:
            figure = next((c.figure for c in cited if c.figure and c.figure.pk == reference.figure_id), None)
            if figure is not None:
                cited += _changes(figure, {"before": reference.from_wave, "after": reference.wave}, "")
    return cited


def _changes(figure, value, words) -> list[Cited]:
    before, after = value.get("before"), value.get("after")
    if not (before and after):
        return []
    one, other = figure.observation_for(before), figure.observation_for(after)
    if one is None or other is None:
        return []
    return [Cited(abs(other.value - one.value), POINTS, figure, None, words)]


def _texts(page, field: str, language: str) -> list[str]:
    """The field's plain text in `language`: for the body, each text block's own text."""
    value = value_in(page, field, language)
    if not value:
        return []
    if field != "body":
        return [strip_tags(str(value))]
    texts = []
    for child in value:
        if isinstance(child.block, InfographicBlock):
            continue  # drawn from the data: nothing typed
        texts.append(" ".join(strip_tags(str(part)) for part in _strings(child.value)))
    return texts


def _strings(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "source"):  # RichText
        yield value.source
    elif isinstance(value, str):
        yield value


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".;:!?\n")
    rights = [i for i in (text.find(mark, end) for mark in ".;:!?\n") if i != -1]
    return text[left + 1 : min(rights) if rights else len(text)].lower()


def _closest(mention, sentence: str, candidates: list[Cited]) -> Cited | None:
    same_unit = [c for c in candidates if c.unit == mention.unit] or candidates
    if not same_unit:
        return None
    words = set(re.findall(r"\w{4,}", sentence))

    def score(cited: Cited):
        # The figure the sentence names; then a likely typo (the same digits: 46 for 64); then the
        # latest wave (what a sentence in the present tense cites); then the nearest value.
        shared = len(words & set(re.findall(r"\w{4,}", cited.words)))
        typo = sorted(str(int(cited.value))) == sorted(str(int(mention.value)))
        latest = cited.wave.sort_order if cited.wave is not None else 0
        return (-shared, not typo, -latest, abs(cited.value - mention.value))

    return min(same_unit, key=score)


def _written(cited: Cited, language: str) -> str:
    if cited.unit == POINTS:
        return format_delta(Decimal(0), cited.value, unit=Unit.PERCENT.value, language=language)
    return format_value(cited.value, unit=cited.unit, language=language)


def _label(page, field: str, language: str) -> str:
    return str(capfirst(page._meta.get_field(localized(field, language)).verbose_name))


def warnings(page) -> list[str]:
    """What the editor should look at, in the admin's language; empty when all agree."""
    cited = cited_numbers(page)
    languages = [language for language in site_languages() if value_in(page, "title", language)]
    found = []
    typed: dict[tuple[str, str], list] = {}
    for language in languages:
        for field in CHECKED_FIELDS:
            for text in _texts(page, field, language):
                for mention in mentions(text, language=language):
                    typed.setdefault((field, language), []).append(mention)
                    if any(c.unit == mention.unit and c.value == mention.value for c in cited):
                        continue
                    closest = _closest(mention, _sentence_around(text, mention.start, mention.end), cited)
                    if closest is None:
                        continue  # the page cites no figure: nothing to compare with
                    found.append(
                        _("%(field)s says %(typed)s, the figure “%(figure)s” is %(value)s.")
                        % {
                            "field": _label(page, field, language),
                            "typed": mention.text.strip(),
                            "figure": closest.describe(language),
                            "value": _written(closest, language),
                        }
                    )
    # Across languages: a number typed in one language's field and not in the other's.
    for field in CHECKED_FIELDS:
        for language in languages:
            for other in languages:
                if other == language or ((field, other) not in typed and not _texts(page, field, other)):
                    continue
                theirs = {(m.value, m.unit) for m in typed.get((field, other), [])}
                for mention in typed.get((field, language), []):
                    if (mention.value, mention.unit) not in theirs:
                        found.append(
                            _("%(field)s says %(typed)s; %(other_field)s does not.")
                            % {
                                "field": _label(page, field, language),
                                "typed": mention.text.strip(),
                                "other_field": _label(page, field, other),
                            }
                        )
    return list(dict.fromkeys(found))

"""Reading back the survey CSV the site offers (stats/views.py), after a data desk edited it in a
spreadsheet: every row checked with the admin's rules, all or nothing.

The import changes values and qualifiers only; labels, units and the "as written" column are the
site's own words and are not read back (a unit that differs is refused rather than ignored).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from core.languages import site_languages, value_in

from .csv_cells import TRIGGERS, decode_cell
from .formatting import Qualifier, value_problem
from .models import Figure, Observation, Survey

HEADER_IDS = (
    "figure",
    "label",
    "unit",
    "wave",
    "year",
    "qualifier",
    "value",
    "as written",
    "source",
    "source URL",
)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists each reason, with its line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Change:
    figure: Figure
    rows: dict = field(default_factory=dict)  # wave key -> (value, qualifier, line)


@dataclass
class Result:
    changed: list  # [(figure, revision)]
    unchanged: int
    published: bool
    had_drafts: list


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [gettext(name) for name in HEADER_IDS]


def read_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [
                gettext(
                    "The file is not UTF-8 text, as the site writes it. In the spreadsheet, save it as "
                    "“CSV UTF-8” and import that file."
                )
            ]
        ) from None


def _is_formula(raw: str) -> bool:
    # Our own cells that begin like a formula are written with an apostrophe (encode_cell) and
    # read back by decode_cell; one without it was typed in the spreadsheet.
    return raw.startswith(TRIGGERS) and decode_cell(raw) == raw and not _number(raw)


def _number(text: str):
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def plan(text: str, *, survey: Survey | None = None) -> tuple[list[Change], str]:
    """What the file changes, and the language of its header; ImportRefused listing every problem
    (in the language of the file's header; before it is known, in the active language)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused([gettext("The file is empty.")]) from None
    header = [decode_cell(cell).strip() for cell in header]
    language = next((code for code in site_languages() if header == headers(code)), None)
    if language is None:
        raise ImportRefused(
            [
                gettext("Line 1: the header is not the one the site writes. Expected: %(expected)s")
                % {"expected": " / ".join(", ".join(headers(code)) for code in site_languages())}
            ]
        )
    # Each row's problems are reported in the language of the file the data desk downloaded.
    with translation.override(language):
        return _plan_rows(reader, survey), language


def _plan_rows(reader, survey) -> list[Change]:
    language = translation.get_language()
    figures = Figure.objects.select_related("survey").prefetch_related("observations__wave", "survey__waves")
    if survey is not None:
        figures = figures.filter(survey=survey)
    by_key: dict[str, list[Figure]] = {}
    for figure in figures:
        by_key.setdefault(figure.key, []).append(figure)

    problems, changes, seen = [], {}, set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER_IDS):
            problems.append(
                gettext("Line %(line)d: %(found)d cells, the site writes %(expected)d.")
                % {"line": line, "found": len(row), "expected": len(HEADER_IDS)}
            )
            continue
        formulas = [cell for cell in row if _is_formula(cell)]
        if formulas:
            problems.append(
                gettext("Line %(line)d: “%(cell)s” is a spreadsheet formula, not data.")
                % {"line": line, "cell": formulas[0]}
            )
            continue
        key, _label, unit, wave_text, year, qualifier, raw_value = (decode_cell(c).strip() for c in row[:7])
        candidates = by_key.get(key, [])
        if len(candidates) != 1:
            message = (
                gettext("Line %(line)d: no figure has the key “%(key)s”.")
                if not candidates
                else gettext("Line %(line)d: several surveys have a figure “%(key)s”: name the survey (--survey).")
            )
            problems.append(message % {"line": line, "key": key})
            continue
        figure = candidates[0]
        wave = _wave(figure.survey, wave_text, year, language)
        if wave is None:
            problems.append(
                gettext("Line %(line)d: the survey has no wave “%(wave)s”.") % {"line": line, "wave": wave_text}
            )
            continue
        if unit != figure.unit:
            problems.append(
                gettext(
                    "Line %(line)d: the unit is “%(unit)s”, the figure's is “%(expected)s”; "
                    "the import changes values only."
                )
                % {"line": line, "unit": unit, "expected": figure.unit}
            )
            continue
        if qualifier not in Qualifier.values:
            problems.append(
                gettext("Line %(line)d: “%(qualifier)s” is not a qualifier (%(choices)s).")
                % {"line": line, "qualifier": qualifier, "choices": ", ".join(Qualifier.values)}
            )
            continue
        value = _number(raw_value)
        if value is None:
            problems.append(
                gettext("Line %(line)d: “%(value)s” is not a number (write it with a dot: 64.5).")
                % {"line": line, "value": raw_value}
            )
            continue
        reason = value_problem(value, unit=figure.unit, qualifier=qualifier)
        if reason:
            problems.append(gettext("Line %(line)d: %(reason)s") % {"line": line, "reason": reason})
            continue
        if (figure.pk, wave.key) in seen:
            problems.append(
                gettext("Line %(line)d: a second value for “%(key)s” at “%(wave)s”.")
                % {"line": line, "key": key, "wave": wave_text}
            )
            continue
        seen.add((figure.pk, wave.key))
        current = figure.observation_for(wave.key)
        if current is not None and (current.value, current.qualifier) == (value, qualifier):
            continue
        changes.setdefault(figure.pk, Change(figure)).rows[wave.key] = (value, qualifier, wave)
    if problems:
        raise ImportRefused(problems)
    return list(changes.values())


def _wave(survey, text: str, year: str, language: str):
    for wave in survey.waves.all():
        named = text in (wave.key, value_in(wave, "label", language), str(wave.year or ""))
        if named and (not year or str(wave.year or "") == year):
            return wave
    return None


@transaction.atomic
def apply(changes: list[Change], *, publish: bool, user=None) -> Result:
    """A revision per changed figure (from its live values), published if asked."""
    changed, had_drafts = [], []
    for change in changes:
        figure = change.figure
        if figure.has_unpublished_changes:
            had_drafts.append(figure)
        observations = list(figure.observations.all())
        for wave_key, (value, qualifier, wave) in change.rows.items():
            existing = next((o for o in observations if o.wave.key == wave_key), None)
            if existing is None:
                observations.append(Observation(wave=wave, value=value, qualifier=qualifier))
            else:
                existing.value, existing.qualifier = value, qualifier
        figure.observations = observations
        revision = figure.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        changed.append((figure, revision))
    return Result(changed=changed, unchanged=0, published=publish, had_drafts=had_drafts)

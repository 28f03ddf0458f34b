"""Numbers typed in copy, read back in the language they were written in: the inverse of
stats.formatting, for checking prose against the figures it cites.

    mentions("Il 64% dei CIO, oltre 1.600 in 70 Paesi", language="it")
    -> [Mention(64, "percent"), Mention(1600, "count"), Mention(70, "count")]

Percentages ("64%", "64 per cento" / "64 percent"), percentage-point changes ("+34 punti
percentuali" / "34 percentage points"), ordinals ("6º posto" / "6th place") and plain counts with
the language's separators ("1.600" / "1,600", "64,5" / "64.5") are understood; years (1900-2100 as
four bare digits) are not figures and are left out, as are numbers written as words ("sei su
dieci"), which stay unparsed. Which separators a language uses comes from CLDR through Babel; the
words around numbers are data keyed by language, like the formatter's phrasing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol

from .formatting import Unit, normalize_language

# Words that follow a number and give it its unit, per language (lower case, matched as words).
_PHRASES = {
    "it": {
        "percent": ("per cento", "percento"),
        "points": ("punti percentuali", "punto percentuale"),
        "ordinal": r"\s?[º°ª]",
    },
    "en": {
        "percent": ("per cent", "percent"),
        "points": ("percentage points", "percentage point"),
        "ordinal": r"(?:st|nd|rd|th)\b",
    },
}

POINTS = "points"  # a change in percentage points: not a figure's value, compared with changes


@dataclass(frozen=True)
class Mention:
    value: Decimal
    unit: str  # a Unit value, or POINTS
    start: int
    end: int
    text: str


@cache
def _pattern(language: str) -> re.Pattern:
    phrases = _PHRASES[language]
    group, decimal = re.escape(get_group_symbol(language)), re.escape(get_decimal_symbol(language))
    number = rf"(?<![\w.,])[+\u2212-]?(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}\d+)?"
    words = lambda names: "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)  # noqa: E731
    return re.compile(
        rf"(?P<number>{number})"
        rf"(?:(?P<percent>\s?%|\s+(?:{words(phrases['percent'])})\b)"
        rf"|(?P<points>\s+(?:{words(phrases['points'])})\b)"
        rf"|(?P<ordinal>{phrases['ordinal']}))?",
        re.IGNORECASE,
    )


def _to_decimal(text: str, language: str) -> Decimal | None:
    group, decimal = get_group_symbol(language), get_decimal_symbol(language)
    plain = text.replace("\u2212", "-").replace(group, "").replace(decimal, ".")
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def mentions(text: str, *, language: str) -> list[Mention]:
    """Every number in `text` that could state a figure, as written in `language`."""
    language = normalize_language(language)
    found = []
    for match in _pattern(language).finditer(text or ""):
        raw = match.group("number")
        value = _to_decimal(raw, language)
        if value is None:
            continue
        if match.group("percent"):
            unit = Unit.PERCENT.value
        elif match.group("points"):
            unit = POINTS
        elif match.group("ordinal"):
            unit = Unit.RANK.value
        else:
            if re.fullmatch(r"(19|20|21)\d\d", raw):
                continue  # a year, not a figure
            unit = Unit.COUNT.value
        found.append(
            Mention(
                value=abs(value) if unit != POINTS else value,
                unit=unit,
                start=match.start(),
                end=match.end(),
                text=match.group(0),
            )
        )
    return found

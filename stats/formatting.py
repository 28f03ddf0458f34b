"""The one server-side number formatter for figures shown to people (Babel, CLDR data).

Every number a reader sees goes through this module, in the page language; SVG coordinates go
through ``svg_number`` instead, which is never localised.

Public API (keyword-only, values are ``Decimal | int``; a float is accepted and converted via
``str`` so 64.5 stays 64.5):

- ``format_number(value, *, language)``: "1.600" / "1,600", "64,5" / "64.5".
- ``format_value(value, *, unit, qualifier="exact", language)``: the full phrase, with words:
  "oltre l'80%" / "more than 80%", "meno di 1.600" / "fewer than 1,600", "6º posto" / "6th place".
- ``format_short(value, *, unit, qualifier, language)``: the compact form for big labels and
  bar ends: "64%", "> 80%", "1.600+", "6º" / "6th".
- ``format_delta(before, after, *, unit, language)``: "+34 punti percentuali", "−12 percentage
  points", "+200".
- ``svg_number(x)``: "64.5", "1600", "12.35" for SVG attributes.
- ``normalize_language(language)``: "it-IT" -> "it", "en-gb" -> "en", anything else -> the default.
- ``value_problem(value, *, unit, qualifier)``: the one rule for values (the reason, translated, or
  None), used by the admin, the importer and ``validate_value``, which the formatter applies.

Lower bounds. A value "more than 80" must never be shown as a plain "80%". There is no function
that formats a value while ignoring its qualifier: ``format_short`` takes ``qualifier`` as a
*required* argument and marks bounds with symbols ("> 80%", "< 60%", "~60%" for percents;
"1.600+", "< 1.600", "~1.600" for counts, the "+" suffix being the usual way to write a sample
size). Components show the short form big and the worded form ("oltre l'80%") in the text and the
data table. The symbol and the number are joined by a no-break space so they never wrap apart.

Why the phrasing lives in tables here and not in gettext: "oltre l'80%" versus "oltre il 60%"
depends on how the number is pronounced in Italian (elision before a vowel), which is grammar a
translator cannot express in a single msgstr. So the per-language phrases (qualifiers, units,
ordinals, Italian articles, "punti percentuali") are held in ``_PHRASES`` below, one entry per
supported language, and adding a language means adding an entry. Only the enum labels and the
reasons a value is refused, which the admin shows, use gettext. Unknown languages fall back to the
site's default language.

Deltas. ``format_delta`` works on exact percentages and counts; callers holding bounds ("more than
80") must not compute a change from them (the components simply omit the change).

Negative numbers use the true minus sign (U+2212), not the hyphen Babel's Italian data gives.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.languages import default_language, site_languages

__all__ = [
    "MINUS",
    "Qualifier",
    "Unit",
    "format_delta",
    "format_number",
    "format_short",
    "format_value",
    "normalize_language",
    "percent_article",
    "svg_number",
    "to_decimal",
    "validate_value",
    "value_problem",
]

MINUS = "\u2212"  # the true minus sign
NBSP = "\u00a0"

Number = Decimal | int | float


# Admin labels. The gettext context keeps short msgids such as "rank" or "about" from picking up
# unrelated translations from Django's or Wagtail's catalogs.
class Unit(models.TextChoices):
    PERCENT = "percent", pgettext_lazy("stats unit", "percent of respondents")
    RANK = "rank", pgettext_lazy("stats unit", "rank")
    COUNT = "count", pgettext_lazy("stats unit", "count")


class Qualifier(models.TextChoices):
    EXACT = "exact", pgettext_lazy("stats qualifier", "exactly")
    MORE_THAN = "more_than", pgettext_lazy("stats qualifier", "more than")
    LESS_THAN = "less_than", pgettext_lazy("stats qualifier", "less than")
    ABOUT = "about", pgettext_lazy("stats qualifier", "about")


# Per-language phrasing; see the module docstring for why this is not gettext.
# Italian percent phrases receive {art} ("il ", "l'", "lo ") or {prep} ("del ", "dell'", "dello ").
_PHRASES = {
    "it": {
        "percent": {
            "more_than": "oltre {art}{v}",
            "less_than": "meno {prep}{v}",
            "about": "circa {art}{v}",
        },
        "count": {
            "more_than": "oltre {v}",
            "less_than": "meno di {v}",
            "about": "circa {v}",
        },
        "rank": "{v} posto",
        "points": ("{v} punto percentuale", "{v} punti percentuali"),
        "ordinal": lambda n, text: text + "\u00ba",  # º, the masculine ordinal indicator: "6º posto"
        "percent_articles": lambda number: _IT_ARTICLES[_italian_article(number)],
    },
    "en": {
        "percent": {
            "more_than": "more than {v}",
            "less_than": "less than {v}",
            "about": "about {v}",
        },
        "count": {
            "more_than": "more than {v}",
            "less_than": "fewer than {v}",
            "about": "about {v}",
        },
        "rank": "{v} place",
        "points": ("{v} percentage point", "{v} percentage points"),
        "ordinal": lambda n, text: text + _english_ordinal_suffix(n),
        "percent_articles": None,
    },
}

# Italian articles before a number: (article, "di" + article).
_IT_ARTICLES = {
    "il": ("il ", "del "),
    "l'": ("l'", "dell'"),
    "lo": ("lo ", "dello "),
}


def normalize_language(language: str | None) -> str:
    """A site language from codes like "en-gb", "it_IT", "EN"; anything else is the default."""
    prefix = (language or "").replace("_", "-").split("-")[0].strip().lower()
    return prefix if prefix in site_languages() and prefix in _PHRASES else default_language()


def to_decimal(value: Number) -> Decimal:
    """Convert to Decimal exactly: floats go through str so 64.5 does not become 64.4999..."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise TypeError(f"Expected a Decimal, int or float, got {type(value).__name__}.")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as error:  # pragma: no cover - str() of a number always parses
        raise ValueError(f"Not a number: {value!r}.") from error
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}.")
    return result


def value_problem(value, *, unit: str, qualifier: str = Qualifier.EXACT):
    """Why `value` cannot be a figure's value in `unit`, in the active language; None when it can.

    The one rule for values: the admin shows this message next to the field, the CSV import
    reports it with the row, and the formatter refuses to write such a value (validate_value).
    """
    if value is None:
        return None
    unit, qualifier = _unit(unit), _qualifier(qualifier)
    number = to_decimal(value)
    if unit == Unit.PERCENT and not 0 <= number <= 100:
        return _("A percentage must be between 0 and 100.")
    if unit == Unit.COUNT and number < 0:
        return _("A count cannot be negative.")
    if unit == Unit.RANK:
        if number < 1 or number != number.to_integral_value():
            return _("A rank must be a whole number of at least 1 (1 is first place).")
        if qualifier != Qualifier.EXACT:
            return _("A rank is exact: choose “exactly” as its qualifier.")
    return None


def validate_value(value: Number, *, unit: str, qualifier: str = Qualifier.EXACT) -> Decimal:
    """`value` as a Decimal; ValueError (with value_problem's reason) when it cannot be drawn."""
    problem = value_problem(value, unit=unit, qualifier=qualifier)
    if problem:
        raise ValueError(f"{problem} (got {value!r} as {unit}, {qualifier})")
    return to_decimal(value)


def format_number(value: Number, *, language: str) -> str:
    """A plain number in the page language: 1600 -> "1.600" / "1,600"; no rounding, no ",0"."""
    number = to_decimal(value)
    # decimal_quantization=False: show the stored precision instead of rounding to 3 places.
    locale = normalize_language(language)
    text = format_decimal(abs(number), locale=locale, decimal_quantization=False)
    return (MINUS + text) if number < 0 else text


def format_value(value: Number, *, unit: str, qualifier: str = Qualifier.EXACT, language: str) -> str:
    """The full phrase with words: "64%", "oltre l'80%", "more than 1,600", "6º posto"."""
    unit = _unit(unit)
    qualifier = _qualifier(qualifier)
    number = validate_value(value, unit=unit, qualifier=qualifier)
    language = normalize_language(language)
    phrases = _PHRASES[language]
    if unit == Unit.RANK:
        return phrases["rank"].format(v=_ordinal(number, language=language))
    text = format_number(number, language=language)
    if unit == Unit.PERCENT:
        text += "%"
    if qualifier == Qualifier.EXACT:
        return text
    art = prep = ""
    if unit == Unit.PERCENT and phrases["percent_articles"]:
        art, prep = phrases["percent_articles"](number)
    return phrases[unit.value][qualifier.value].format(v=text, art=art, prep=prep)


def percent_article(value: Number, *, language: str) -> str:
    """The definite article a language puts before a percentage in a sentence: "il ", "l'", "lo "
    in Italian ("il 64%", "l'84%"), nothing in English. For figure references in prose, whose
    article must follow the number when the number changes."""
    articles = _PHRASES[normalize_language(language)]["percent_articles"]
    return articles(to_decimal(value))[0] if articles else ""


def format_short(value: Number, *, unit: str, qualifier: str, language: str) -> str:
    """The compact form for big labels: "64%", "> 80%", "1.600+", "6º" / "6th".

    ``qualifier`` is required on purpose: a bound always carries its symbol.
    """
    unit = _unit(unit)
    qualifier = _qualifier(qualifier)
    number = validate_value(value, unit=unit, qualifier=qualifier)
    language = normalize_language(language)
    if unit == Unit.RANK:
        return _ordinal(number, language=language)
    text = format_number(number, language=language)
    if unit == Unit.PERCENT:
        text += "%"
    if qualifier == Qualifier.MORE_THAN:
        # "1,600+ CIOs" is how sample sizes are written; "> 80%" for shares.
        return text + "+" if unit == Unit.COUNT else ">" + NBSP + text
    if qualifier == Qualifier.LESS_THAN:
        return "<" + NBSP + text
    if qualifier == Qualifier.ABOUT:
        return "~" + text
    return text


def format_delta(before: Number, after: Number, *, unit: str, language: str) -> str:
    """The change from ``before`` to ``after``: "+34 punti percentuali", "−200". Percentages and
    counts only: a change of rank is not drawn (the rank infographic shows one position)."""
    unit = _unit(unit)
    if unit == Unit.RANK:
        raise ValueError("A change of rank is not written; show each position instead.")
    before = validate_value(before, unit=unit)
    after = validate_value(after, unit=unit)
    phrases = _PHRASES[normalize_language(language)]
    change = after - before
    text = format_number(change, language=language)  # carries the minus sign if negative
    if change > 0:
        text = "+" + text
    if unit == Unit.PERCENT:
        singular, plural = phrases["points"]
        # Both languages use the singular for exactly one and the plural otherwise (incl. 0, 2.5).
        return (singular if abs(change) == 1 else plural).format(v=text)
    return text


def svg_number(x: Number) -> str:
    """A coordinate for SVG: dot decimal, at most 2 decimals, no separators: 12.3456 -> "12.35"."""
    number = to_decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _unit(unit: str) -> Unit:
    try:
        return Unit(unit)
    except ValueError:
        raise ValueError(f"Unknown unit {unit!r}; expected one of {Unit.values}.") from None


def _qualifier(qualifier: str) -> Qualifier:
    try:
        return Qualifier(qualifier)
    except ValueError:
        raise ValueError(f"Unknown qualifier {qualifier!r}; expected one of {Qualifier.values}.") from None


def _ordinal(number: Decimal, *, language: str) -> str:
    n = int(number)
    return _PHRASES[language]["ordinal"](n, format_number(n, language=language))


def _english_ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _italian_article(number: Decimal) -> str:
    """The article Italian puts before a number: "lo 0,5%", "l'80%", "il 60%".

    It follows the sound of the integer part: zero takes "lo"; numbers read with an initial vowel
    (uno, otto, undici, ottanta..., ottocento..., ottomila..., un milione) take "l'".
    """
    n = int(number)
    if n == 0:
        return "lo"
    return "l'" if _italian_starts_with_vowel(n) else "il"


def _italian_starts_with_vowel(n: int) -> bool:
    for scale in (10**9, 10**6):  # "un miliardo", "otto milioni"
        if n >= scale:
            lead = n // scale
            return lead == 1 or _italian_starts_with_vowel(lead)
    if n >= 1000:  # "mille" but "ottomila", "undicimila"
        lead = n // 1000
        return lead != 1 and _italian_starts_with_vowel(lead)
    if n >= 100:  # "cento", "duecento"... only "ottocento" starts with a vowel
        return n // 100 == 8
    return n in (1, 8, 11) or 80 <= n <= 89

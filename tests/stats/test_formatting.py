"""stats.formatting: the one formatter for numbers shown to people, in Italian and English."""

from decimal import Decimal

import pytest
from django.utils import translation

from stats.formatting import (
    Qualifier,
    Unit,
    format_delta,
    format_number,
    format_short,
    format_value,
    normalize_language,
    svg_number,
    to_decimal,
    value_problem,
)

NBSP = "\u00a0"
D = Decimal


# The "Numbers in two languages" table of DESIGN.md, verbatim.
@pytest.mark.parametrize(
    ("render", "italian", "english"),
    [
        (lambda lang: format_value(1600, unit="count", language=lang), "1.600", "1,600"),
        (lambda lang: format_value(64, unit="percent", language=lang), "64%", "64%"),
        (lambda lang: format_value(D("64.5"), unit="percent", language=lang), "64,5%", "64.5%"),
        (
            lambda lang: format_value(80, unit="percent", qualifier="more_than", language=lang),
            "oltre l'80%",
            "more than 80%",
        ),
        (
            lambda lang: format_delta(30, 64, unit="percent", language=lang),
            "+34 punti percentuali",
            "+34 percentage points",
        ),
        (lambda lang: format_value(6, unit="rank", language=lang), "6º posto", "6th place"),
    ],
    ids=["count", "percent", "decimal-percent", "lower-bound", "change", "rank"],
)
def test_design_contract(render, italian, english):
    assert render("it") == italian
    assert render("en") == english


@pytest.mark.parametrize(
    ("value", "italian", "english"),
    [
        (1600, "1.600", "1,600"),
        (D("64.5"), "64,5", "64.5"),
        (64.5, "64,5", "64.5"),  # floats go through str: no 64.4999...
        (64, "64", "64"),
        (D("64.0"), "64", "64"),  # no trailing ",0"
        (D("1600.00"), "1.600", "1,600"),
        (1234567, "1.234.567", "1,234,567"),
        (D("0.5"), "0,5", "0.5"),
        (0, "0", "0"),
        (-1200, "\u22121.200", "\u22121,200"),  # true minus sign
    ],
)
def test_format_number(value, italian, english):
    assert format_number(value, language="it") == italian
    assert format_number(value, language="en") == english


@pytest.mark.parametrize(
    ("qualifier", "italian", "english"),
    [
        ("exact", "1.600", "1,600"),
        ("more_than", "oltre 1.600", "more than 1,600"),
        ("less_than", "meno di 1.600", "fewer than 1,600"),
        ("about", "circa 1.600", "about 1,600"),
    ],
)
def test_counts_with_every_qualifier(qualifier, italian, english):
    assert format_value(1600, unit="count", qualifier=qualifier, language="it") == italian
    assert format_value(1600, unit="count", qualifier=qualifier, language="en") == english


@pytest.mark.parametrize(
    ("value", "italian", "english"),
    [
        (64, "64%", "64%"),
        (D("64.5"), "64,5%", "64.5%"),
        (0, "0%", "0%"),
        (100, "100%", "100%"),
        (D("12.25"), "12,25%", "12.25%"),
    ],
)
def test_exact_percents(value, italian, english):
    assert format_value(value, unit="percent", language="it") == italian
    assert format_value(value, unit="percent", language="en") == english


# Italian elides the article before numbers read with an initial vowel (uno, otto, undici,
# ottanta...) and uses "lo" before zero; the others take "il".
@pytest.mark.parametrize(
    ("value", "more_than", "less_than", "about"),
    [
        (1, "oltre l'1%", "meno dell'1%", "circa l'1%"),
        (8, "oltre l'8%", "meno dell'8%", "circa l'8%"),
        (11, "oltre l'11%", "meno dell'11%", "circa l'11%"),
        (60, "oltre il 60%", "meno del 60%", "circa il 60%"),
        (64, "oltre il 64%", "meno del 64%", "circa il 64%"),
        (80, "oltre l'80%", "meno dell'80%", "circa l'80%"),
        (85, "oltre l'85%", "meno dell'85%", "circa l'85%"),
        (89, "oltre l'89%", "meno dell'89%", "circa l'89%"),
        (18, "oltre il 18%", "meno del 18%", "circa il 18%"),
        (100, "oltre il 100%", "meno del 100%", "circa il 100%"),
        (D("8.5"), "oltre l'8,5%", "meno dell'8,5%", "circa l'8,5%"),
        (D("1.5"), "oltre l'1,5%", "meno dell'1,5%", "circa l'1,5%"),
        (D("0.5"), "oltre lo 0,5%", "meno dello 0,5%", "circa lo 0,5%"),
    ],
)
def test_italian_percent_qualifiers_and_elision(value, more_than, less_than, about):
    def fmt(qualifier):
        return format_value(value, unit="percent", qualifier=qualifier, language="it")

    assert (fmt("more_than"), fmt("less_than"), fmt("about")) == (more_than, less_than, about)


@pytest.mark.parametrize(
    ("value", "more_than", "less_than", "about"),
    [
        (1, "more than 1%", "less than 1%", "about 1%"),
        (60, "more than 60%", "less than 60%", "about 60%"),
        (80, "more than 80%", "less than 80%", "about 80%"),
        (D("8.5"), "more than 8.5%", "less than 8.5%", "about 8.5%"),
    ],
)
def test_english_percent_qualifiers(value, more_than, less_than, about):
    def fmt(qualifier):
        return format_value(value, unit="percent", qualifier=qualifier, language="en")

    assert (fmt("more_than"), fmt("less_than"), fmt("about")) == (more_than, less_than, about)


def test_enum_members_are_accepted_as_well_as_strings():
    assert format_value(80, unit=Unit.PERCENT, qualifier=Qualifier.MORE_THAN, language="it") == "oltre l'80%"


@pytest.mark.parametrize(
    ("rank", "english"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ranks_and_english_ordinals(rank, english):
    assert format_value(rank, unit="rank", language="en") == f"{english} place"
    assert format_value(rank, unit="rank", language="it") == f"{rank}º posto"
    assert format_short(rank, unit="rank", qualifier="exact", language="en") == english
    assert format_short(rank, unit="rank", qualifier="exact", language="it") == f"{rank}º"


@pytest.mark.parametrize("qualifier", ["more_than", "less_than", "about"])
def test_qualified_rank_is_refused(qualifier):
    with translation.override("en"), pytest.raises(ValueError, match="A rank is exact"):
        format_value(6, unit="rank", qualifier=qualifier, language="it")


@pytest.mark.parametrize(
    ("before", "after", "unit", "italian", "english"),
    [
        (30, 64, "percent", "+34 punti percentuali", "+34 percentage points"),
        (68, 84, "percent", "+16 punti percentuali", "+16 percentage points"),
        (64, 52, "percent", "\u221212 punti percentuali", "\u221212 percentage points"),
        (60, 61, "percent", "+1 punto percentuale", "+1 percentage point"),
        (61, 60, "percent", "\u22121 punto percentuale", "\u22121 percentage point"),
        (60, 60, "percent", "0 punti percentuali", "0 percentage points"),
        (30, D("32.5"), "percent", "+2,5 punti percentuali", "+2.5 percentage points"),
        (D("60.0"), D("61.0"), "percent", "+1 punto percentuale", "+1 percentage point"),
        (1400, 1600, "count", "+200", "+200"),
        (1600, 1400, "count", "\u2212200", "\u2212200"),
        (1000, 2600, "count", "+1.600", "+1,600"),
        (1600, 1600, "count", "0", "0"),
    ],
)
def test_format_delta(before, after, unit, italian, english):
    assert format_delta(before, after, unit=unit, language="it") == italian
    assert format_delta(before, after, unit=unit, language="en") == english


@pytest.mark.parametrize(
    ("value", "unit", "qualifier"),
    [
        (-1, "percent", "exact"),
        (D("100.5"), "percent", "exact"),
        (101, "percent", "more_than"),
        (0, "rank", "exact"),
        (-3, "rank", "exact"),
        (D("2.5"), "rank", "exact"),
        (-1, "count", "exact"),
    ],
)
def test_out_of_range_values_are_refused(value, unit, qualifier):
    with pytest.raises(ValueError):
        format_value(value, unit=unit, qualifier=qualifier, language="it")
    with pytest.raises(ValueError):
        format_short(value, unit=unit, qualifier=qualifier, language="en")


def test_out_of_range_values_and_ranks_are_refused_in_deltas():
    with translation.override("en"), pytest.raises(ValueError, match="between 0 and 100"):
        format_delta(30, D("100.5"), unit="percent", language="it")
    # A change of rank is never written: the rank infographic shows one position.
    with pytest.raises(ValueError, match="rank"):
        format_delta(6, 3, unit="rank", language="en")


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "italian", "english"),
    [
        (
            101,
            "percent",
            "exact",
            "Una percentuale deve essere compresa tra 0 e 100.",
            "A percentage must be between 0 and 100.",
        ),
        (-1, "count", "exact", "Un conteggio non può essere negativo.", "A count cannot be negative."),
        (
            D("2.5"),
            "rank",
            "exact",
            "Una posizione in classifica deve essere un numero intero",
            "A rank must be a whole number",
        ),
        (64, "percent", "exact", None, None),
    ],
)
def test_one_rule_for_values_says_why_in_each_language(value, unit, qualifier, italian, english):
    """The reason the admin shows, the importer reports and the formatter refuses with."""
    for language, expected in (("it", italian), ("en", english)):
        with translation.override(language):
            problem = value_problem(value, unit=unit, qualifier=qualifier)
            if expected is None:
                assert problem is None
            else:
                assert str(problem).startswith(expected)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"unit": "kilograms"}, ValueError),
        ({"unit": "percent", "qualifier": "at_least"}, ValueError),
    ],
)
def test_unknown_unit_or_qualifier_is_refused(kwargs, error):
    with pytest.raises(error):
        format_value(5, language="it", **kwargs)


@pytest.mark.parametrize("value", ["64", True, None, [64]])
def test_non_numbers_are_refused(value):
    with pytest.raises(TypeError):
        to_decimal(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_non_finite_numbers_are_refused(value):
    with pytest.raises(ValueError):
        to_decimal(value)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "italian", "english"),
    [
        (64, "percent", "exact", "64%", "64%"),
        (D("64.5"), "percent", "exact", "64,5%", "64.5%"),
        (80, "percent", "more_than", f">{NBSP}80%", f">{NBSP}80%"),
        (60, "percent", "less_than", f"<{NBSP}60%", f"<{NBSP}60%"),
        (60, "percent", "about", "~60%", "~60%"),
        (1600, "count", "exact", "1.600", "1,600"),
        (1600, "count", "more_than", "1.600+", "1,600+"),
        (1600, "count", "less_than", f"<{NBSP}1.600", f"<{NBSP}1,600"),
        (1600, "count", "about", "~1.600", "~1,600"),
        (6, "rank", "exact", "6º", "6th"),
    ],
)
def test_format_short_keeps_bounds(value, unit, qualifier, italian, english):
    assert format_short(value, unit=unit, qualifier=qualifier, language="it") == italian
    assert format_short(value, unit=unit, qualifier=qualifier, language="en") == english


def test_format_short_requires_the_qualifier():
    # There is no way to ask for a bare "80%" without saying whether it is a bound.
    with pytest.raises(TypeError):
        format_short(80, unit="percent", language="it")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("it", "it"),
        ("en", "en"),
        ("en-gb", "en"),
        ("en_US", "en"),
        ("EN", "en"),
        ("it-IT", "it"),
        ("fr", "it"),
        ("ar", "it"),
        ("", "it"),
        (None, "it"),
    ],
)
def test_language_codes_take_the_prefix_and_fall_back_to_italian(code, expected):
    assert normalize_language(code) == expected


def test_unknown_language_formats_in_italian():
    assert format_value(1600, unit="count", qualifier="more_than", language="ar") == "oltre 1.600"
    assert format_value(D("64.5"), unit="percent", language="en-gb") == "64.5%"


def test_formatting_ignores_the_active_django_language():
    with translation.override("en"):
        assert format_number(1600, language="it") == "1.600"
    with translation.override("it"):
        assert format_number(1600, language="en") == "1,600"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("64.5"), "64.5"),
        (64.5, "64.5"),
        (1600, "1600"),
        (D("1600.00"), "1600"),
        (D("12.3456"), "12.35"),
        (D("12.344"), "12.34"),
        (D("0.005"), "0.01"),
        (D("-0.001"), "0"),
        (0, "0"),
        (D("1E+3"), "1000"),
        (-7.5, "-7.5"),
    ],
)
def test_svg_number(value, expected):
    assert svg_number(value) == expected


def test_svg_number_ignores_the_active_language_and_settings(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("it"):
        assert svg_number(D("1234.5")) == "1234.5"


def test_enum_labels_are_translatable_and_values_are_stable():
    assert Unit.values == ["percent", "rank", "count"]
    assert Qualifier.values == ["exact", "more_than", "less_than", "about"]
    with translation.override("en"):
        assert str(Unit.PERCENT.label) == "percent of respondents"
        assert str(Qualifier.MORE_THAN.label) == "more than"

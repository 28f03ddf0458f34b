"""Numbers typed in copy are read back in the language they were written in (stats.numbers)."""

from decimal import Decimal as D

import pytest

from stats.numbers import POINTS, mentions


def read(text, language):
    return [(m.value, m.unit) for m in mentions(text, language=language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Il 64% dei CIO punta sul cloud.", [(D(64), "percent")]),
        ("it", "il 64 per cento dei CIO", [(D(64), "percent")]),
        ("it", "oltre l'80% e il 64,5%", [(D(80), "percent"), (D("64.5"), "percent")]),
        ("it", "oltre 1.600 CIO in 70 Paesi e 20 settori", [(D(1600), "count"), (D(70), "count"), (D(20), "count")]),
        ("it", "+34 punti percentuali rispetto al 2009", [(D(34), POINTS)]),
        ("it", "al 6º posto nel 2009", [(D(6), "rank")]),
        ("it", "sei su dieci", []),
        ("en", "64% of CIOs back the cloud.", [(D(64), "percent")]),
        ("en", "64 percent, then 64 per cent", [(D(64), "percent"), (D(64), "percent")]),
        ("en", "more than 80% and 64.5%", [(D(80), "percent"), (D("64.5"), "percent")]),
        ("en", "more than 1,600 CIOs in 70 countries", [(D(1600), "count"), (D(70), "count")]),
        ("en", "a rise of 34 percentage points since 2009", [(D(34), POINTS)]),
        ("en", "sixth, or 6th place", [(D(6), "rank")]),
    ],
)
def test_numbers_are_read_as_each_language_writes_them(language, text, expected):
    assert read(text, language) == expected


def test_the_separators_are_the_languages_own():
    # "1.600" is one thousand six hundred in Italian, and 1.6 in English; "64,5" the reverse.
    assert read("1.600", "it") == [(D(1600), "count")]
    assert read("1,600", "en") == [(D(1600), "count")]
    assert read("64,5%", "it") == [(D("64.5"), "percent")]
    assert read("64.5%", "en") == [(D("64.5"), "percent")]


def test_a_mention_keeps_where_it_stands():
    text = "Sul front office: oltre l'80%."
    (mention,) = mentions(text, language="it")
    assert text[mention.start : mention.end] == mention.text == "80%"

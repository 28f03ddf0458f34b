"""Hostile or broken requests get a 404 in the reader's language or a safe redirect: never a 500."""

from datetime import date

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/de/",
        "/de/articles/anything/",
        "/xx-yy/",
    ],
)
def test_unknown_language_prefix_redirects_into_a_known_language_then_404s(client, demo, url):
    response = client.get(url, follow=True)
    assert response.status_code == 404
    final_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    assert final_url.startswith(("/it/", "/en/"))
    assert "Pagina non trovata" in response.content.decode()


@pytest.mark.parametrize(
    "url,text",
    [
        ("/it/articoli/questo-non-esiste/", "Pagina non trovata"),
        ("/en/articles/no-such-article/", "Page not found"),
        ("/en/articles/" + "a" * 5000 + "/", "Page not found"),
        ("/it/" + "segmento/" * 400, "Pagina non trovata"),
        ("/en/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E/", "Page not found"),
        ("/en/articles/caf%C3%A9-%E2%82%AC/", "Page not found"),
    ],
)
def test_unknown_or_overlong_paths_are_404_in_the_reader_language(client, demo, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "9" * 40])
def test_bad_page_numbers_are_404_not_a_silent_first_page(client, demo, page):
    assert client.get(f"/en/articles/?page={page}").status_code == 404


def test_index_paginates_newest_first(client, demo):
    for day in range(1, 13):
        make_article(
            demo["index"],
            it={"title": f"Articolo {day:02d}", "slug": f"articolo-{day:02d}"},
            en={"title": f"Article {day:02d}", "slug": f"article-{day:02d}"},
            day=date(2025, 1, day),
        )
    first = client.get("/en/articles/").content.decode()
    second = client.get("/en/articles/?page=2").content.decode()
    # 13 articles: the demo one (newest) then 12..1; ten per page.
    assert first.index("IT leaders have a new boss") < first.index("Article 12") < first.index("Article 04")
    assert "Article 03" not in first and "Article 03" in second and "Article 01" in second
    assert "Page 2 of 2" in second
    assert "Pagina 1 di 2" in client.get("/it/articoli/").content.decode()


def test_search_query_is_escaped_and_bounded(client, demo):
    response = client.get("/en/search/", {"q": '"><svg onload=alert(1)>' + "x" * 5000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg onload" not in html
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "language,query,found",
    [("en", "cloud", "IT leaders have a new boss"), ("it", "cloud", "I responsabili IT hanno un nuovo capo")],
)
def test_search_finds_the_article_in_the_reader_language(client, demo, language, query, found):
    url = "/en/search/" if language == "en" else "/it/cerca/"
    assert found in client.get(url, {"q": query}).content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]
)
def test_admin_login_next_never_redirects_off_site(client, demo, django_user_model, next_url):
    django_user_model.objects.create_superuser("editor", "editor@example.invalid", "a-long-test-password")
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editor", "password": "a-long-test-password", "next": next_url},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_unsafe_methods_on_the_root_are_refused(client, demo):
    assert client.post("/").status_code == 405


@pytest.mark.parametrize(
    "query", ['"unterminated', "cloud AND (", "NEAR(", "*", "-", "title:cloud", "'; DROP TABLE x; --", "\x00"]
)
def test_search_syntax_in_queries_is_plain_text(client, demo, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200
    assert client.get("/it/cerca/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/it/%FF/",
        "/en/articles/%00/",
        "/it/articoli/x/y/z/",
        "/en/search/?q=%FF",
        "/en/articles/?page=%00",
        "//evil.example/",
        "/it//evil.example/",
        "/en/articles/../../etc/passwd",
        "/media/../db.sqlite3",
        "/media/%2e%2e/db.sqlite3",
    ],
)
def test_malformed_urls_never_500_nor_leave_the_site(client, demo, url):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code < 500
    location = response.get("Location", "")
    assert not location.startswith("//") and "evil.example" not in location.split("/")[2:3]
    assert b"SECRET_KEY" not in response.content and b"SQLite format" not in response.content

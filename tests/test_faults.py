"""Faults and hostile requests: an outage page in the reader's language, 4xx for bad input, never a 5xx
that leaks anything, one log line for hosts we do not serve."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    """Every query fails as it does while PostgreSQL restarts."""
    error = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error),
        mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=error),
    ):
        yield


@pytest.mark.parametrize(
    "url,title,text",
    [
        ("/it/", "Momentaneamente non disponibile", "Ricarica la pagina fra poco."),
        ("/it/articoli/responsabili-it-nuovo-capo-cliente/", "Momentaneamente non disponibile", "problema tecnico"),
        ("/en/", "Temporarily unavailable", "Please reload the page shortly."),
        ("/en/data/ibm-cio-study.csv", "Temporarily unavailable", "technical problem"),
    ],
)
def test_a_database_outage_shows_the_outage_page_in_the_reader_language(client, demo, database_down, url, title, text):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode().replace("&#x27;", "'")
    assert f"<h1>{title}</h1>" in html and text in html
    assert f'<html lang="{url[1:3]}">' in html
    assert "OperationalError" not in html and "server closed" not in html
    assert response["Content-Security-Policy"]  # the headers are there even now


@pytest.mark.parametrize(
    "url,text", [("/it/", "Qualcosa non ha funzionato"), ("/en/articles/", "Something went wrong on our side")]
)
def test_a_bug_is_a_500_page_in_the_reader_language_without_details(client, demo, url, text):
    client.raise_request_exception = False
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=RuntimeError("secret detail")):
        response = client.get(url)
    assert response.status_code == 500
    assert text in response.content.decode().replace("&#x27;", "'")
    assert "secret detail" not in response.content.decode()


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.parametrize(
    "url,text", [("/it/", "Richiesta non valida"), ("/en/articles/", "Bad request"), ("/admin/", "Richiesta")]
)
def test_a_host_we_do_not_serve_is_a_400_logged_in_one_line(client, demo, url, text):
    handler = Records()
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    try:
        response = client.get(url, HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert "evil.example" not in response.content.decode()
    [record] = handler.records
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "\n" not in handler.format(record)


@pytest.mark.parametrize(
    "host", ["evil.example", "127.0.0.1:8000@evil.example", "localhost\r\nX: y", "[::1", "a" * 300]
)
def test_hostile_hosts_never_500(client, demo, host):
    client.raise_request_exception = False
    assert client.get("/en/", HTTP_HOST=host).status_code == 400


def test_an_oversized_request_is_refused_before_it_is_read(client, demo):
    response = client.generic(
        "POST", "/admin/login/", b"x" * 10, content_type="application/octet-stream", CONTENT_LENGTH=str(10**9)
    )
    assert response.status_code == 413
    response = client.generic("POST", "/it/", b"", CONTENT_LENGTH="not-a-number")
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "BREW"])
@pytest.mark.parametrize(
    "url", ["/", "/it/", "/en/articles/it-leaders-new-boss-customer/", "/en/data/ibm-cio-study.csv"]
)
def test_unusual_methods_are_never_a_server_error(client, demo, method, url):
    client.raise_request_exception = False
    response = client.generic(method, url)
    assert response.status_code < 500
    assert response.status_code != 200 or method == "OPTIONS" or url.startswith(("/it/", "/en/articles"))


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "x" * 5000},
        {"sessionid": "'; DROP TABLE django_session; --"},
        {"csrftoken": "<script>alert(1)</script>"},
        {"django_language": "../../etc/passwd"},
        {"django_language": "xx"},
    ],
)
def test_hostile_cookies_are_ignored(client, demo, cookies):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get("/en/")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
        {"HTTP_ACCEPT_LANGUAGE": "*;q=abc, ;;;"},
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
        {"HTTP_REFERER": "javascript:alert(1)"},
        {"HTTP_USER_AGENT": "\x00" * 100},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday"},
        {"HTTP_RANGE": "bytes=999999999-"},
    ],
)
def test_hostile_headers_never_500_nor_redirect_off_site(client, demo, headers):
    client.raise_request_exception = False
    for url in ("/", "/it/"):
        response = client.get(url, **headers)
        assert response.status_code < 500
        assert "evil.example" not in response.get("Location", "")

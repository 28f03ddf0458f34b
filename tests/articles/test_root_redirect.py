"""The bare "/" picks the reader's language: cookie first, then Accept-Language, else Italian."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headers,cookie,expected",
    [
        ({}, None, "/it/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, None, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "it-IT,it;q=0.9,en;q=0.8"}, None, "/it/"),
        ({"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}, None, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "de-DE,fr;q=0.9"}, None, "/it/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "it", "/it/"),  # the remembered choice wins
        ({"HTTP_ACCEPT_LANGUAGE": "it"}, "en", "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "xx", "/en/"),  # an unknown cookie is ignored
        ({"HTTP_ACCEPT_LANGUAGE": ";;;q=abc,,en;q=,<script>"}, None, "/it/"),  # malformed header
        (
            {"HTTP_ACCEPT_LANGUAGE": "en;q=0.9," * 2000},
            None,
            "/en/",
        ),  # absurdly long: Django reads its first 500 characters
    ],
)
def test_root_redirect(client, demo, headers, cookie, expected):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert client.get(expected).status_code == 200

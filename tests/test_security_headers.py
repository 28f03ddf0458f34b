"""Every response carries the security headers; public pages get a strict CSP, the admin its own."""

import pytest

pytestmark = pytest.mark.django_db

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def directives(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    policy = {}
    for part in response[header].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_common_headers(response):
    for name, value in COMMON.items():
        assert response.get(name) == value, name
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


@pytest.mark.parametrize(
    "url",
    [
        "/it/",
        "/en/",
        "/it/articoli/responsabili-it-nuovo-capo-cliente/",
        "/en/articles/it-leaders-new-boss-customer/",
        "/en/search/?q=cloud",
        "/it/dati/ibm-cio-study.csv",
        "/en/data/ibm-cio-study.csv",
        "/en/no-such-page/",
    ],
)
def test_public_responses_have_a_strict_policy_and_refuse_frames(client, demo, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    csp = directives(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert csp[directive] == ["'self'"], directive  # no 'unsafe-inline', nothing from elsewhere


def test_public_pages_need_nothing_the_policy_refuses(client, demo):
    """No inline script, inline style or style attribute in what readers get (the CSP would block it)."""
    from bs4 import BeautifulSoup

    for url in ("/it/", "/en/articles/", "/en/articles/it-leaders-new-boss-customer/", "/it/cerca/?q=cloud"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        # JSON-LD is a data block, never run, so the policy does not apply to it (HTML: "prepare the
        # script element" stops at a non-JavaScript type before the CSP check); any other inline script would be.
        inline = [tag for tag in soup.find_all("script") if not tag.get("src")]
        assert [tag.get("type") for tag in inline] in ([], ["application/ld+json"]), url
        assert not soup.find_all("style"), url
        assert not soup.select("[style]"), url
        assert not [tag for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)], url


def test_the_admin_has_its_own_policy_and_frames_its_previews(admin_client, demo):
    response = admin_client.get(f"/admin/pages/{demo['article'].pk}/edit/")
    assert response.status_code == 200
    assert_common_headers(response)
    csp = directives(response)
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's admin writes inline script
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["frame-src"] == ["'self'"]
    # The preview panel posts the form, then frames the page rendered through the middleware as if at
    # its public URL (request.is_preview): it gets the admin's policy, or the panel would stay blank.
    from tests.factories import article_form_data

    url = f"/admin/pages/{demo['article'].pk}/edit/preview/"
    assert admin_client.post(url, article_form_data(demo["article"])).json()["is_valid"]
    preview = admin_client.get(url, {"mode": "it", "in_preview_panel": "true"})
    assert preview.status_code == 200 and demo["article"].title_it in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(preview)["frame-ancestors"] == ["'self'"]


def test_static_files_get_the_headers_too(client, demo, settings):
    settings.WHITENOISE_USE_FINDERS = True  # tests never run collectstatic
    response = client.get("/it/")
    stylesheet = response.content.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    static = client.get(stylesheet)
    assert static.status_code == 200
    assert static["Cross-Origin-Resource-Policy"] == "same-origin"
    assert static["X-Content-Type-Options"] == "nosniff"


def test_https_responses_carry_a_year_of_hsts_with_subdomains(client, demo, settings):
    # The production values (cio_site/settings/production.py); HSTS is only ever sent over HTTPS.
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    assert "Strict-Transport-Security" not in client.get("/it/")
    response = client.get("/it/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_forwarded_proto_is_believed_only_behind_a_declared_proxy(rf, settings):
    from django.http import HttpRequest

    request = rf.get("/it/", HTTP_X_FORWARDED_PROTO="https")
    assert isinstance(request, HttpRequest)
    settings.SECURE_PROXY_SSL_HEADER = None
    assert not request.is_secure()
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert request.is_secure()

"""Scale-out: two gunicorn servers (as two `make serve` on different ports) sharing PostgreSQL and
Redis. An editor publishes through the admin of the first; readers of the second see the new title
at once, in both languages, and never the old one, with the page cache on.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cio_perf REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/scale_out.py [--port 8210]

Exits with status 1 (saying what was stale) if any reader got an old page.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(__file__))

from _stack import PYTHON, ROOT, Server, base_env, get, prepare

ARTICLE = {
    "it": "/it/articoli/responsabili-it-nuovo-capo-cliente/",
    "en": "/en/articles/it-leaders-new-boss-customer/",
}


class Browser:
    """Just enough of a browser for the Wagtail admin: cookies, CSRF token, form posts."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, data: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1{path}"}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content

    def csrf(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def title(html: bytes) -> str:
    match = re.search(rb'<h1 class="article__title">(.*?)</h1>', html, re.S)
    return match.group(1).decode() if match else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8210)
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the two servers share them.")
    env = base_env(database_url, CACHE_KEY_PREFIX=f"scale-out-{os.getpid()}")
    prepare(env)
    password = secrets.token_urlsafe(16)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", (
            "from django.contrib.auth import get_user_model; U = get_user_model(); "
            "u = U.objects.filter(username='bench-editor').first() or U(username='bench-editor'); "
            f"u.is_superuser = u.is_staff = True; u.set_password('{password}'); u.save()"
        )],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    one, two = args.port, args.port + 1
    stale = []
    with Server(env, one, workers=1, PAGE_CACHE_SECONDS="300"), Server(env, two, workers=1, PAGE_CACHE_SECONDS="300"):
        before = {language: title(get(two, path)[1]) for language, path in ARTICLE.items()}
        for path in ARTICLE.values():  # both servers hold the page now
            for port in (one, two):
                get(port, path)
            assert get(two, path)[0].getheader("X-Page-Cache") == "hit"
        print(f"Before: {before}")

        # A draft with new titles (drafts change nothing readers see), saved as an editor would.
        new = {"it": f"Titolo nuovo {secrets.token_hex(3)}", "en": f"New title {secrets.token_hex(3)}"}
        saved = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", (
                "from articles.models import ArticlePage; "
                "p = ArticlePage.objects.get(slug_en='it-leaders-new-boss-customer'); "
                f"p.title_it = {new['it']!r}; p.title_en = {new['en']!r}; p.save_revision(); "
                "print('page', p.pk)"
            )],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        page_id = re.search(r"^page (\d+)$", saved.stdout, re.M).group(1)
        for language, path in ARTICLE.items():
            if title(get(two, path)[1]) != before[language]:
                stale.append(f"a draft showed on {path}")

        # The editor signs in to server one and publishes (the explorer's Publish action).
        editor = Browser(one)
        _, html = editor.request("GET", "/admin/login/")
        response, _ = editor.request(
            "POST",
            "/admin/login/",
            {"csrfmiddlewaretoken": editor.csrf(html), "username": "bench-editor", "password": password},
        )
        assert response.status == 302, f"sign-in failed: {response.status}"
        action = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
        _, html = editor.request("GET", action)
        started = time.perf_counter()
        response, _ = editor.request("POST", action, {"csrfmiddlewaretoken": editor.csrf(html)})
        published = time.perf_counter()
        assert response.status == 302, f"publish failed: {response.status}"

        # Right after the publish returns: every reader of both servers, both languages.
        for language, path in ARTICLE.items():
            for port in (two, one, two):
                seen = title(get(port, path)[1])
                if seen != new[language]:
                    stale.append(f"port {port} {path}: {seen!r} instead of {new[language]!r}")
        print(f"Published through :{one} in {(published - started) * 1000:.0f} ms; after: {new}")
        print(f"Read through :{two} and :{one} right after: " + ("STALE: " + "; ".join(stale) if stale else "fresh"))
    sys.exit(1 if stale else 0)


if __name__ == "__main__":
    main()

import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from wagtail.models import Page

from articles.models import ArticlePage
from core.languages import site_languages

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_MAX = 50


@require_safe
def root_redirect(request):
    """The bare "/" picks a language: the remembered cookie, then Accept-Language, then Italian."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in site_languages():
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = []
    if query:
        language = translation.get_language()
        # The search index only filters on indexed fields, so the per-language availability
        # check runs on the (bounded) hits instead.
        # Only words reach the backend: punctuation is query syntax to SQLite FTS5 and PostgreSQL.
        terms = " ".join(re.findall(r"\w+", query))
        if terms:
            hits = ArticlePage.objects.live().public().search(terms)[:SEARCH_RESULTS_MAX]
            results = [page for page in hits if page.has_translation(language)]
    return render(request, "search.html", {"query": query, "results": results})


def page_not_found(request, exception=None):
    return render(request, "404.html", {"is_404": True}, status=404)


@require_safe
def sitemap(request):
    """Every live page in every language it exists in, each with its hreflang alternates
    (Google's format for multilingual sitemaps). Wagtail's own sitemap knows one URL per page."""
    languages = site_languages()
    entries = []
    for page in Page.objects.live().public().specific().order_by("path"):
        if not hasattr(page, "get_url_in"):
            continue
        urls = {code: page.get_url_in(code, request) for code in languages}
        alternates = [(code, request.build_absolute_uri(url)) for code, url in urls.items() if url]
        for _code, url in alternates:
            entries.append({"url": url, "alternates": alternates, "lastmod": page.last_published_at})
    response = render(request, "sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8")
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

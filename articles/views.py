"""Reader views over the pages this app holds: search and the sitemap."""

import re

from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap

from core import page_cache
from core.languages import site_languages

from .models import ArticlePage

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_MAX = 50


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
    return render(request, "articles/search.html", {"query": query, "results": results})


class PageSitemap(Sitemap):
    """Wagtail's sitemap, one entry per language a page exists in (TranslatablePage.get_sitemap_urls).
    A sitemap file holds at most 50,000 URLs: pages are split so that each file stays under it."""

    @property
    def limit(self):
        return 50_000 // len(site_languages())


@require_safe
def sitemap_index(request):
    # Lists every page: cached like the pages themselves, and purged with them (core/page_cache.py).
    page_cache.mark_cacheable(request)
    return sitemap_views.index(request, {"pages": PageSitemap(request)}, sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request, section):
    page_cache.mark_cacheable(request, ("p",))
    return sitemap_views.sitemap(request, {"pages": PageSitemap(request)}, section=section)

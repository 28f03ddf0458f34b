"""The publication's shell: where the navigation points and what the front page shows of an article.

In articles, the layer that knows both the pages and, below it, the figures (stats).
"""

import hashlib

from django import template
from django.core.exceptions import DisallowedHost
from django.utils import translation

from articles.models import ArticleIndexPage
from core import page_cache
from core.templatetags import site_i18n
from stats.chart_data import Unavailable

register = template.Library()

# The block kinds that can stand for an article on the front page: one number, said big.
HEADLINE_KINDS = ("big_number",)


@register.simple_tag(takes_context=True)
def articles_url(context) -> str:
    """The article index in the reader's language ("" when it has none there).

    Every page links to it twice (masthead and footer), and only a publish, a move or a renamed
    slug changes it, each of which purges the page cache: kept under the page cache's generation
    (core.page_cache.remembered), per language and host, and once per request."""
    request = context.get("request")
    language = translation.get_language()
    try:
        host = request.get_host() if request is not None else None
    except DisallowedHost:  # a page about a bad request: computed, never kept
        host = None
    if host is None:
        return _articles_url(language, request)
    urls = request.__dict__.setdefault("_articles_urls", {})
    if language not in urls:
        host = hashlib.blake2b(host.encode(), digest_size=8).hexdigest()
        urls[language] = page_cache.remembered(
            f"articles-url:{language}:{host}", lambda: _articles_url(language, request)
        )
    return urls[language]


def _articles_url(language: str, request) -> str:
    index = ArticleIndexPage.objects.live().first()
    if index is None:
        return ""
    return index.get_url_in(language, request) or ""


@register.simple_tag
def headline_figure(article):
    """The article's first big number, drawn from its data in the reader's language, or None."""
    for child in article.body:
        if child.block_type not in HEADLINE_KINDS:
            continue
        try:
            return child.block.build_chart(child.value, translation.get_language())
        except (Unavailable, ValueError):
            continue
    return None


@register.inclusion_tag("includes/footer_languages.html", takes_context=True)
def footer_languages(context):
    """The language switch again at the foot of the page, as a plain list (not a second landmark)."""
    return site_i18n.language_switcher(context)

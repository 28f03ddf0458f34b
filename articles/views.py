"""Reader views over the pages this app holds: search, the sitemap, the feed and share cards."""

from urllib.parse import urlencode

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap

from core import page_cache
from core.languages import site_languages
from stats import corrections

from . import metadata
from . import search as search_index
from . import share_image as share_cards
from .feeds import LatestArticlesFeed
from .models import ArticlePage

SEARCH_RESULTS_PER_PAGE = 10


@require_safe
def search(request):
    """Readers' search in the active language (articles/search.py). Every outcome is a page in the
    reader's language with the form: results, none, nothing typed, or a results page that does not
    exist (404, linking back to the first)."""
    language = translation.get_language()
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())[: search_index.MAX_QUERY_LENGTH]
    context = {
        "query": query,
        "truncated": len(" ".join(raw.split())) > search_index.MAX_QUERY_LENGTH,
        "max_length": search_index.MAX_QUERY_LENGTH,
        "has_words": bool(search_index.words(query)),
        "results": [],
        "page_obj": None,
        "count": 0,
    }
    if not context["has_words"]:
        return render(request, "articles/search.html", context)
    ids = search_index.matching_ids(query, language)
    paginator = Paginator(ids, SEARCH_RESULTS_PER_PAGE)
    context["count"] = paginator.count
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        context["no_such_page"] = True
        context["first_page_url"] = "?" + urlencode({"q": query})
        return render(request, "articles/search.html", context, status=404)
    context["page_obj"] = page_obj
    context["results"] = search_index.hits(list(page_obj.object_list), query, language)
    context["previous_url"] = _page_url(query, page_obj.previous_page_number()) if page_obj.has_previous() else None
    context["next_url"] = _page_url(query, page_obj.next_page_number()) if page_obj.has_next() else None
    return render(request, "articles/search.html", context)


def _page_url(query: str, number: int) -> str:
    return "?" + urlencode({"q": query, "page": number} if number > 1 else {"q": query})


class PageSitemap(Sitemap):
    """Wagtail's sitemap, one entry per language a page exists in (TranslatablePage.get_sitemap_urls).
    A sitemap file holds at most 50,000 URLs: pages are split so that each file stays under it."""

    @property
    def limit(self):
        return 50_000 // len(site_languages())

    def items(self):
        # A page whose cited figure was corrected after its publication changed for its readers, as
        # its JSON-LD and the feeds say: TranslatablePage.get_sitemap_urls reads this.
        self.request.figure_corrections = corrections.latest_by_citing_field()
        return super().items()

    def get_latest_lastmod(self):
        # Django's default reads every page to find the latest change; the database finds it.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()
        published = pages.aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))["latest"]
        corrected = corrections.latest_by_citing_field().values()
        return max(filter(None, (published, *corrected)), default=None)


@require_safe
def sitemap_index(request):
    # Lists every page: cached like the pages themselves, and purged with them (core/page_cache.py).
    page_cache.mark_cacheable(request)
    return sitemap_views.index(request, {"pages": PageSitemap(request)}, sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request, section):
    page_cache.mark_cacheable(request, ("p",))
    return sitemap_views.sitemap(request, {"pages": PageSitemap(request)}, section=section)


@require_safe
def share_image(request, pk: int):
    """An article's share card in the URL's language; a 404 where it is not published in it."""
    language = translation.get_language()
    page = ArticlePage.objects.available_in(language).filter(pk=pk).first()
    if page is None:
        raise Http404
    return _png(request, share_cards.card_for(page, language))


@require_safe
def share_image_site(request):
    """The card of pages that are not articles (home, index): the site's name and introduction."""
    return _png(
        request, share_cards.Card(site=metadata.site_name(), headline=gettext("Data and analysis on the CIO's job"))
    )


def _png(request, card):
    etag = f'"{card.key()}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(share_cards.png(card), content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def latest_articles_feed(request):
    # A feed object per request: it keeps the request for absolute links and ids.
    return LatestArticlesFeed()(request)

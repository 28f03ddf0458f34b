"""The page cache: anonymous readers get public pages from a cache every worker shares, never stale.

Which pages: a view marks a response as a public page with `mark_cacheable(request)` (the pages app
does it for every page it serves). Only GET and HEAD from readers without a session cookie read or
fill the cache; editors, previews, POSTs and anything answered with a cookie never do.

Key: the page's language (its URL prefix) and path, plus the few query parameters pages read
(PAGE_CACHE_QUERY_PARAMS, e.g. the index's ?page=N, canonicalised). Any other query string
(?utm_source=..., cache busters) is left out of the key, so it neither misses nor fills the cache;
a request whose parameter a page does not read is served uncached and not stored.

Never stale: every entry is stored with the *generation* current when its request started. A
change readers can see (a page published, unpublished, moved or deleted; survey data changed)
replaces the generation with a new random token, both at once and again when the transaction
commits, so every entry stored before, or rendered from data read before, the commit is a miss.
One site-wide token rather than per-page tokens: a publish changes the home page, the index pages,
the sitemap and every list that shows the page, and a figure appears wherever it is cited; writes
are rare next to reads, and a purge costs one uncached render per page read afterwards. A random
token (not a counter) means an evicted or lost generation can never bring an old entry back.

The same purge asks Wagtail's frontend cache (wagtail.contrib.frontend_cache, when
WAGTAILFRONTENDCACHE is configured) to purge the site, so a proxy or a CDN in front can hold pages
too (docs/deploy/nginx-cache.conf).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

from core.languages import site_languages

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
HIT_HEADER = "X-Page-Cache"
# Longer paths are not pages of this site: served, never stored.
MAX_PATH_LENGTH = 512
MAX_PAGE_NUMBER_DIGITS = 6


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def lifetime() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def fragment_lifetime() -> int:
    """How long parts of pages (rendered infographics, stats/blocks.py) are kept. They are keyed on
    their own content, so this only bounds the space they take."""
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 3600))


def mark_cacheable(request, query_params=()) -> None:
    """The response to `request` is a public page, the same for every anonymous reader; it reads
    only these query parameters (each a positive integer, e.g. "page")."""
    request.page_cache_query_params = frozenset(query_params)


def is_anonymous(request) -> bool:
    """No session cookie, no credentials: nothing about this reader can change the page."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META


# --- Purging -----------------------------------------------------------------------------------


def current_generation(store=None) -> str:
    store = store or cache()
    generation = store.get(GENERATION_KEY)
    if generation is None:
        store.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = store.get(GENERATION_KEY)
    return generation


def _new_generation() -> None:
    try:
        cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.exception("page cache: could not purge")


def purge() -> None:
    """Every cached page is a miss from now on, here and in the frontend caches.

    Bumped now, so that later reads in this transaction and this process see it, and again after
    the transaction commits, so that no reader who read the data before the commit keeps an entry.
    """
    _new_generation()

    def after_commit():
        _new_generation()
        purge_frontend_cache()

    transaction.on_commit(after_commit)


def purge_frontend_cache() -> None:
    """Ask the configured frontend caches (WAGTAILFRONTENDCACHE: a proxy, a CDN) to drop every page
    of every site, as the page cache does: "<root URL>/*", which nginx's cache-purge module takes as
    a prefix (docs/deploy/nginx-cache.conf)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    try:
        purge_urls_from_cache([f"{site.root_url}/*" for site in Site.objects.all()])
    except Exception:  # a proxy that is down must not turn a publish into an error
        logger.exception("frontend cache: could not purge")


# Saves that only touch a page's draft: readers see none of these fields.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "comments",
    "wagtail_admin_comments",
}


def _draft_only(update_fields) -> bool:
    return bool(update_fields) and all(
        name in DRAFT_ONLY_FIELDS or name.startswith("draft_title") for name in update_fields
    )


def page_saved(sender, instance, update_fields=None, **kwargs):
    """post_save/post_delete of any model: a page changed in a way readers may see, a site (its
    hostname, port or root page are in every page's links), or a page's privacy (a page made
    private must not be served to readers from the cache, nor listed)."""
    from wagtail.models import Page, PageViewRestriction, Site

    if isinstance(instance, Site | PageViewRestriction) or (
        isinstance(instance, Page) and not _draft_only(update_fields)
    ):
        purge()


def changed(sender=None, **kwargs):
    """Any signal that says readers' pages changed: page_published, page_unpublished,
    post_page_move, page_slug_changed, stats' data_changed."""
    purge()


def connect_page_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    post_save.connect(page_saved, dispatch_uid="core.page_cache.saved")
    post_delete.connect(page_saved, dispatch_uid="core.page_cache.deleted")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(changed, dispatch_uid=f"core.page_cache.{id(signal)}")


def remembered(key: str, compute):
    """`compute()`, kept in the cache until the next purge: for what many pages show and only a
    publish or a move can change (the link to the article index). Stored with the generation read
    before computing, like pages, so a value computed from data older than a purge is never used."""
    store = cache()
    try:
        found = store.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation(store)
    except Exception:  # the cache is down: compute it every time
        logger.exception("page cache: unavailable")
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    try:
        store.set(key, (generation, value), fragment_lifetime())
    except Exception:
        logger.exception("page cache: could not store %s", key)
    return value


# --- The middleware ----------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves cached pages before sessions, authentication and the view run; stores the pages
    views mark cacheable; sends each page's caching headers (public for readers, private and
    never stored for editors)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = set(site_languages())

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            response = self.get_response(request)
            self.add_headers(request, response)
            return response
        store = cache()
        try:
            found = store.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation(store)
        except Exception:  # the cache is down: serve uncached rather than fail
            logger.exception("page cache: unavailable")
            response = self.get_response(request)
            self.add_headers(request, response)
            return response
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            response = self.from_entry(entry)
            self.public_headers(response)  # today's settings, not those the entry was stored with
            return response
        response = self.get_response(request)
        if self.add_headers(request, response) and self.reads_only_its_parameters(request):
            try:
                store.set(key, self.to_entry(generation, response), lifetime())
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
            response[HIT_HEADER] = "miss"
        return response

    # What a request may read from the cache.
    def key(self, request) -> str | None:
        if (
            lifetime() <= 0
            or request.method not in ("GET", "HEAD")
            or not is_anonymous(request)
            or getattr(request, "is_preview", False)
            or getattr(request, "is_dummy", False)  # Wagtail's previews run the page through us
        ):
            return None
        path = request.path
        if len(path) > MAX_PATH_LENGTH:
            return None
        # A page's language is its URL prefix; a few cacheable views have none (the sitemap): "-".
        language = translation.get_language_from_path(request.path_info) or "-"
        if language != "-" and language not in self.languages:
            return None
        params = []
        for name in sorted(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ())):
            values = request.GET.getlist(name)
            if not values:
                continue
            value = values[-1]  # what QueryDict.get (and so the page) reads
            if not (value.isascii() and value.isdigit()) or len(value.lstrip("0")) > MAX_PAGE_NUMBER_DIGITS:
                return None  # not a page number: served (a 404) uncached
            params.append(f"{name}={int(value)}")
        # Hashed: paths may hold any character, and keys stay short and safe for every backend.
        digest = hashlib.blake2b(f"{path}?{'&'.join(params)}".encode(), digest_size=16).hexdigest()
        return f"page-cache:{language}:{digest}"

    @staticmethod
    def reads_only_its_parameters(request) -> bool:
        """Store only when the page reads every parameter in the key: ?page=7 on an article (which
        has no pages) is served uncached, so made-up page numbers cannot fill the cache."""
        reads = getattr(request, "page_cache_query_params", frozenset())
        return all(name in reads for name in getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ()) if name in request.GET)

    @staticmethod
    def cacheable(request, response) -> bool:
        return (
            hasattr(request, "page_cache_query_params")
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_USED")
            and not getattr(request, "is_preview", False)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def add_headers(self, request, response) -> bool:
        """Caching headers for a page; True when the response is the anonymous, public kind."""
        if not hasattr(request, "page_cache_query_params"):
            return False
        if not is_anonymous(request) or getattr(request, "is_preview", False):
            # An editor's view of the site (with the userbar): for their browser only, never stored.
            patch_cache_control(response, private=True, no_store=True, max_age=0)
            return False
        if not self.cacheable(request, response):
            return False
        # The session was only looked at to find no one signed in: without a session cookie every
        # reader gets these same bytes, so a shared cache may hold one copy for all of them.
        if response.has_header("Vary"):
            vary = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() != "cookie"]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        self.public_headers(response)
        return True

    @staticmethod
    def public_headers(response) -> None:
        # Browsers revalidate every time (a cheap 304 with the ETag), so no reader keeps an old
        # copy after a publish; a shared cache that is purged on publish (WAGTAILFRONTENDCACHE)
        # may hold it for PROXY_CACHE_SECONDS.
        proxy_seconds = int(getattr(settings, "PROXY_CACHE_SECONDS", 0))
        patch_cache_control(response, public=True, max_age=int(getattr(settings, "BROWSER_CACHE_SECONDS", 0)))
        if proxy_seconds > 0:
            patch_cache_control(response, s_maxage=proxy_seconds)

    @staticmethod
    def to_entry(generation, response):
        set_response_etag(response)  # once, stored with the page, instead of on every hit
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in ("set-cookie", "cache-control")
        ]
        return (generation, response.status_code, headers, response.content)

    @staticmethod
    def from_entry(entry) -> HttpResponse:
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response

"""Links between the language versions of whatever the reader is looking at."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from core.languages import default_language, site_languages

register = template.Library()


def _language_urls(context) -> dict[str, str]:
    """URL of the current view in each language it exists in, computed per kind of view:

    - a page: from the page itself (per-language slugs; `translate_url` would keep the old slug);
    - a 404: the other language's home, since there is no counterpart to a missing page;
    - any other view (search): its counterpart URL, query string included.
    """
    request = context.get("request")
    page = context.get("page")
    languages = site_languages()
    if isinstance(page, Page) and hasattr(page, "language_urls"):
        return page.language_urls(request)
    if context.get("is_404") or request is None:
        urls = {}
        for code in languages:
            with translation.override(code):
                urls[code] = reverse("wagtail_serve", args=[""])
        return urls
    return {code: translate_url(request.get_full_path(), code) for code in languages}


def _switch_url(code: str, url: str | None) -> str | None:
    """The switcher goes through a small redirect that remembers the choice for "/" (the page
    itself sets no cookie, so caches can hold it); hreflang links point at the page directly."""
    if not url:
        return None
    return f"{reverse('switch_language', args=[code])}?{urlencode({'next': url}, safe='/')}"


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = translation.get_language()
    urls = _language_urls(context)
    options = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": _switch_url(code, urls.get(code)),
        }
        for code in site_languages()
        if code != current
    ]
    return {"options": options, "current": current}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context):
    """hreflang alternates for each existing language, x-default ("/", which negotiates) and canonical."""
    request = context.get("request")
    if context.get("is_404") or request is None:
        return {"alternates": [], "canonical": None, "x_default": None}
    urls = _language_urls(context)
    current = translation.get_language()
    absolute = request.build_absolute_uri
    alternates = [{"code": code, "url": absolute(url)} for code, url in urls.items()]
    canonical = absolute(urls[current]) if current in urls else None
    page = context.get("page")
    if isinstance(page, Page) and hasattr(page, "x_default_url"):
        x_default = page.x_default_url(request)
    else:
        x_default = urls.get(settings.LANGUAGE_CODE)
    x_default = absolute(x_default) if x_default else None
    return {"alternates": alternates, "canonical": canonical, "x_default": x_default}


@register.filter
def long_date(value):
    """A date as the reader's language writes it (Babel/CLDR): "28 novembre 2026", "28 November 2026"
    (settings.DATE_LOCALES picks the CLDR locale: British English).

    Django's Italian month names are capitalised ("Novembre"), which Italian style does not use.
    """
    if not value:
        return ""
    from babel.dates import format_date

    language = translation.get_language() or default_language()
    locale = getattr(settings, "DATE_LOCALES", {}).get(language) or translation.to_locale(language)
    return format_date(value, format="long", locale=locale)

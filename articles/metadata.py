"""What machines read about a page, in the page's language: the title pattern, Open Graph and
Twitter cards, JSON-LD (NewsArticle, Dataset, WebSite) and the feed. Rendered into the head by
`{% page_meta %}` (articles/templatetags/article_meta.py, articles/templates/articles/_meta.html)."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.languages import value_in
from stats.blocks import InfographicBlock, prefetch_infographics
from stats.corrections import last_change
from stats.models import Survey
from stats.selectors import figures_of

from .models import ArticlePage, TranslatablePage

TITLE_SEPARATOR = " · "
DESCRIPTION_WORDS = 40


def site_name() -> str:
    return gettext("CIO Observatory")


def page_title(headline: str | None) -> str:
    """ "Headline · Site" for every page; the site's name alone when there is no other headline.

    A site name the editor typed into the SEO title ("Articoli | Osservatorio CIO", "CIO Observatory:
    data and analysis") is taken out first, so that no page names the site twice or with another
    separator."""
    site = site_name()
    headline = " ".join((headline or "").split())
    separators = r"\s*[|·:–—-]\s*"
    headline = re.sub(rf"^{re.escape(site)}{separators}", "", headline, flags=re.I)
    headline = re.sub(rf"{separators}{re.escape(site)}$", "", headline, flags=re.I)
    if not headline or headline.casefold() == site.casefold():
        return site
    return f"{headline[0].upper()}{headline[1:]}{TITLE_SEPARATOR}{site}"


def og_locale(language: str) -> str:
    return settings.OPEN_GRAPH_LOCALES.get(language, language)


def description_of(page) -> str:
    """The page's SEO description, else its standfirst or introduction, as one plain line."""
    text = page.search_description or getattr(page, "standfirst", "") or strip_tags(getattr(page, "intro", "") or "")
    return Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS)


def feed_url(language: str) -> str:
    with translation.override(language):
        return reverse("feed")


def share_image_url(page, language: str) -> str:
    with translation.override(language):
        return reverse("share-image", kwargs={"pk": page.pk})


def json_ld(data) -> SafeString:
    """JSON for a <script type="application/ld+json">: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # escaped above for the script element


def _iso(value):
    return value.isoformat() if value else None


def modified_at(page, language: str, request=None):
    """When the article last changed for readers in `language`: its last publication or a later
    correction note (stats.corrections), from the notes the page shows under its body."""
    return last_change(page, language, request)


def publisher(absolute) -> dict:
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": absolute(f"/{translation.get_language()}/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("icons/apple-touch-icon.png")),
            "width": 180,
            "height": 180,
        },
    }


def cited_surveys(page: ArticlePage, language: str) -> list[Survey]:
    """The surveys whose figures the article's infographics draw in `language`, in the order the
    body first cites them. Read from the body's blocks, whose figures and surveys the page loaded
    once for everything it draws (stats.blocks.prefetch_infographics)."""
    body = value_in(page, "body", language)
    if not body:
        return []
    prefetch_infographics(body)
    surveys = {}
    for child in body:
        if not isinstance(child.block, InfographicBlock):
            continue
        figures, chosen = child.block.chosen(child.value)
        for survey in [*chosen, *(figure.survey for figure in figures)]:
            surveys.setdefault(survey.pk, survey)
    return list(surveys.values())


def dataset(survey: Survey, language: str, absolute) -> dict:
    with translation.override(language):
        csv_url = absolute(reverse("survey-csv", kwargs={"key": survey.key}))
    data = {
        "@type": "Dataset",
        "name": value_in(survey, "title", language) or survey.key,
        "description": value_in(survey, "description", language) or value_in(survey, "title", language) or "",
        "inLanguage": language,
        "creator": {"@type": "Organization", "name": survey.publisher},
        "isAccessibleForFree": True,
        "variableMeasured": [
            value_in(figure, "label", language) for figure in figures_of(survey) if value_in(figure, "label", language)
        ],
        "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": csv_url}],
    }
    years = sorted(wave.year for wave in survey.waves.all() if wave.year)
    if years:
        data["temporalCoverage"] = f"{years[0]}/.." if len(years) == 1 else f"{years[0]}/{years[-1]}"
    if survey.source_url:
        data["url"] = survey.source_url
        data["isBasedOn"] = survey.source_url
    method = value_in(survey, "method", language)
    if method:
        data["measurementTechnique"] = method
    return data


def article_graph(page: ArticlePage, request, language: str) -> list[dict]:
    absolute = request.build_absolute_uri
    urls = {code: absolute(url) for code, url in page.language_urls(request).items()}
    url = urls.get(language) or absolute(request.path)
    article = {
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": Truncator(value_in(page, "title", language) or "").chars(110),
        "description": description_of(page),
        "inLanguage": language,
        "datePublished": _iso(page.first_published_at) or page.date.isoformat(),
        # Its last publication, or a later correction note of a figure it cites (the notes under the body).
        "dateModified": _iso(modified_at(page, language, request) or page.latest_revision_created_at)
        or page.date.isoformat(),
        "author": (
            {"@type": "Person", "name": page.author} if page.author else {"@type": "Organization", "name": site_name()}
        ),
        "publisher": publisher(absolute),
        "image": [absolute(share_image_url(page, language))],
        "isAccessibleForFree": True,
    }
    original = page.stored_language()
    others = [
        {"@type": "NewsArticle", "@id": other, "inLanguage": code} for code, other in urls.items() if code != language
    ]
    if language == original and others:
        article["workTranslation"] = others
    elif language != original and original in urls:
        article["translationOfWork"] = {"@type": "NewsArticle", "@id": urls[original], "inLanguage": original}
    graph = [article]
    surveys = cited_surveys(page, language)
    if surveys:
        article["citation"] = [{"@id": f"{url}#dataset-{survey.key}"} for survey in surveys]
        graph += [{"@id": f"{url}#dataset-{survey.key}", **dataset(survey, language, absolute)} for survey in surveys]
    return graph


def website_graph(request, language: str) -> list[dict]:
    absolute = request.build_absolute_uri
    with translation.override(language):
        search = absolute(reverse("search"))
    return [
        {
            "@type": "WebSite",
            "@id": absolute(f"/{language}/"),
            "url": absolute(f"/{language}/"),
            "name": site_name(),
            "inLanguage": language,
            "publisher": publisher(absolute),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        }
    ]


def page_meta(context) -> dict:
    """Everything the head's meta include needs, for any view (a page, search, a 404)."""
    request = context.get("request")
    language = translation.get_language()
    page = context.get("page")
    is_page = isinstance(page, TranslatablePage) and not context.get("is_404")
    meta = {
        "site_name": site_name(),
        "language": language,
        "og_locale": og_locale(language),
        "feed_url": feed_url(language),
        "feed_title": gettext("%(site)s: latest articles") % {"site": site_name()},
        "og": None,
        "json_ld": None,
    }
    if request is None or not is_page or not page.has_translation(language):
        return meta
    absolute = request.build_absolute_uri
    urls = page.language_urls(request)
    is_article = isinstance(page, ArticlePage)
    if is_article:
        from .share_image import headline_figure

        image = absolute(share_image_url(page, language))
        value, label = headline_figure(page, language)
        image_alt = f"{value}: {label}" if value else page.title
    else:
        image = absolute(reverse("share-image-site"))
        image_alt = site_name()
    meta["og"] = {
        "type": "article" if is_article else "website",
        "url": absolute(urls.get(language, request.path)),
        "title": page.seo_title or page.title,
        "description": description_of(page),
        "image": image,
        "image_alt": image_alt,
        "locale_alternates": [og_locale(code) for code in urls if code != language],
        "published": _iso(page.first_published_at) if is_article else None,
        "modified": _iso(modified_at(page, language, request)) if is_article else None,
    }
    graph = article_graph(page, request, language) if is_article else website_graph(request, language)
    meta["json_ld"] = json_ld({"@context": "https://schema.org", "@graph": graph})
    return meta

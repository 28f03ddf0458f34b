"""Pages of the site. Each page holds both languages (modeltranslation adds `<field>_it` and
`<field>_en` columns for the fields registered in translation.py)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.models.pages import AbstractPage
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core import page_cache
from core.languages import (
    PreviewInEachLanguageMixin,
    TranslatedModelMixin,
    default_language,
    localized,
    localized_search_fields,
    site_languages,
    stored_as,
    value_in,
)
from stats.blocks import prefetch_infographics

from .blocks import RICH_TEXT_FEATURES, body_blocks


def translated_q(*fields: str, language: str) -> Q:
    """Rows whose given fields are filled in `language` (the raw column: nothing falls back)."""
    q = Q()
    for field in fields:
        column = localized(field, language)
        q &= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    return q


# No page of this site is this deep: longer URLs are 404s without a query.
MAX_ROUTE_DEPTH = 16


class TranslatablePage(PreviewInEachLanguageMixin, TranslatedModelMixin, Page):
    """A page that exists in a language only when its copy in that language is filled in.

    Policy for a missing translation: the page is *hidden* in that language. Its URL 404s
    there, lists and search leave it out, the language switcher does not offer it and no
    hreflang points to it. Readers never get another language's copy under a URL.

    A page may exist in any one language or in several: the title is the switch. Its base
    columns (title, draft_title, slug, url_path) hold the default language where the page has
    it, else the language it has (TranslatedModelMixin), whatever language the admin speaks.
    """

    # Fields whose copy must be present for the page to exist in a language.
    translation_required_fields: tuple[str, ...] = ("title", "slug")

    # Each language's title, without Wagtail's "Page title*" placeholder: no one language is required.
    content_panels = [TitleFieldPanel("title", widget=forms.TextInput(attrs={"placeholder": _("Page title")}))]

    # The admin's page search autocompletes on titles: in every language, not just the stored one.
    search_fields = Page.search_fields + localized_search_fields("title")

    class Meta:
        abstract = True

    @classmethod
    def translatable_form_class(cls):
        from .forms import TranslatablePageForm

        return TranslatablePageForm

    def has_translation(self, language: str) -> bool:
        return all(value_in(self, field, language) for field in self.translation_required_fields)

    def languages(self) -> list[str]:
        """The languages this page exists in, default first."""
        return [language for language in site_languages() if self.has_translation(language)]

    def get_url_in(self, language: str, request=None) -> str | None:
        """This page's URL in `language`, or None where it does not exist in that language."""
        if not self.has_translation(language):
            return None
        with translation.override(language):
            return self.get_url(request)

    def language_urls(self, request=None) -> dict[str, str]:
        """{language: URL} for each language this page exists in, default first."""
        urls = {language: self.get_url_in(language, request) for language in site_languages()}
        return {language: url for language, url in urls.items() if url}

    def x_default_url(self, request=None) -> str | None:
        """Where a reader whose language the page lacks is sent: for the home page the bare "/",
        which negotiates; elsewhere the default language's version (or the page's own language)."""
        if self.is_site_root_cached():
            return "/"
        urls = self.language_urls(request)
        return urls.get(default_language()) or next(iter(urls.values()), None)

    def is_site_root_cached(self) -> bool:
        """is_site_root() from Wagtail's cached site root paths, not a query per page view."""
        return any(root.root_path == self.url_path for root in Site.get_site_root_paths())

    def get_sitemap_urls(self, request=None):
        """One entry per language the page exists in, each listing every language's version and
        the x-default, as search engines read multilingual sitemaps."""
        absolute = request.build_absolute_uri if request else (lambda url: url)
        urls = {language: absolute(url) for language, url in self.language_urls(request).items()}
        alternates = [{"lang_code": language, "location": url} for language, url in urls.items()]
        x_default = self.x_default_url(request)
        if x_default:
            alternates.append({"lang_code": "x-default", "location": absolute(x_default)})
        published = self.last_published_at or self.latest_revision_created_at
        corrected = getattr(request, "figure_corrections", {})  # set by the sitemap (articles/views.py)

        def lastmod(language):
            return max(filter(None, (published, corrected.get((self.pk, localized("body", language))))), default=None)

        return [
            {"location": url, "lastmod": lastmod(language), "alternates": alternates} for language, url in urls.items()
        ]

    # --- Routing: each language's URL is matched on that language's own slug. ---

    # Related rows the served page always shows, loaded with it (e.g. the article's hero image).
    route_select_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        """The page at `path_components` below this one, in two queries whatever the depth and the
        number of pages: one finds every page below this one whose slug in the active language matches
        the component at its depth, the chain of parent and child is then checked here, and one loads
        the page found as its own type. (Wagtail walks the children level by level instead, and
        wagtail-modeltranslation matches slugs through fallbacks.) Pages of this site do not route
        further themselves (no RoutablePage), so the last page found is the page served."""
        if not path_components:
            if self.live:
                return RouteResult(self)
            raise Http404
        if len(path_components) > MAX_ROUTE_DEPTH:
            raise Http404
        slug_column = localized("slug", get_language())
        matches = Q()
        for offset, slug in enumerate(path_components, start=1):
            matches |= Q(depth=self.depth + offset, **{slug_column: slug})
        # Siblings never share a slug in a language, but pages under other parents may: the chain
        # from parent to child picks the right one at each level.
        rows = (
            Page.objects.filter(path__startswith=self.path)
            .filter(matches)
            .values_list("pk", "path", "depth", slug_column, "content_type_id")
        )
        by_level: dict[int, list] = {}
        for pk, path, depth, slug, content_type_id in rows:
            by_level.setdefault(depth, []).append((pk, path, slug, content_type_id))
        parent_path, chosen = self.path, None
        for offset, slug in enumerate(path_components, start=1):
            chosen = next(
                (
                    row
                    for row in by_level.get(self.depth + offset, ())
                    if row[2] == slug and row[1].startswith(parent_path)
                ),
                None,
            )
            if chosen is None:
                raise Http404
            parent_path = chosen[1]
        pk, _path, _slug, content_type_id = chosen
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose code is gone
            raise Http404
        page = model.objects.select_related(*getattr(model, "route_select_related", ())).get(pk=pk)
        if page.live:
            return RouteResult(page)
        raise Http404

    def get_view_restrictions(self):
        """Wagtail's view restrictions of this page and its ancestors (an alias's from its source
        page, never its own) in one query rather than two."""
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()

    def serve(self, request, *args, **kwargs):
        if not self.has_translation(translation.get_language()) and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    # --- Validation and saving: per language, never copying one language into another. ---

    def _parent_for_checks(self):
        parent = getattr(self, "_cached_parent_obj", None)
        if parent is None and self.path:
            parent = self.get_parent()
        return parent

    def fill_slugs(self):
        """Give each language that has a title and no slug one made from its title (what the
        editor's title field does as one types, for pages saved without JavaScript)."""
        parent = self._parent_for_checks()
        for language in site_languages():
            title, slug_field = value_in(self, "title", language), localized("slug", language)
            if title and not getattr(self, slug_field):
                base = slugify(title, allow_unicode=True)[:240] or "page"
                candidate, suffix = base, 1
                while parent is not None and not self.slug_is_free(candidate, language, parent):
                    suffix += 1
                    candidate = f"{base}-{suffix}"
                setattr(self, slug_field, candidate)

    def slug_is_free(self, slug: str, language: str, parent) -> bool:
        siblings = parent.get_children()
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return not siblings.filter(**{localized("slug", language): slug}).exists()

    def slug_errors(self) -> dict:
        parent = self._parent_for_checks()
        errors = {}
        if parent is None:
            return errors
        for language in site_languages():
            slug = value_in(self, "slug", language)
            if slug and not self.slug_is_free(slug, language, parent):
                errors[localized("slug", language)] = _(
                    "Another page here already uses this slug in this language: choose another."
                )
        return errors

    def _set_core_field_defaults(self):
        self.fill_slugs()
        with stored_as(self.stored_language()):
            super()._set_core_field_defaults()

    def _check_slug_is_unique(self):
        errors = self.slug_errors()
        if errors:
            raise ValidationError(errors)

    def minimal_clean(self):
        # What Wagtail checks before saving a draft, with the title read in the stored language.
        self._set_core_field_defaults()
        with stored_as(self.stored_language()):
            self.title = self._meta.get_field("title").clean(self.title, self)
        self._check_slug_is_unique()

    def clean(self):
        # Page.clean is wrapped by wagtail-modeltranslation's fallback slug check: skip to the
        # original, which checks slugs through _check_slug_is_unique (ours, per language).
        AbstractPage.clean(self)
        errors = {}
        if not any(value_in(self, "title", language) for language in site_languages()):
            errors[localized("title", default_language())] = _("Give the page a title in at least one language.")
        # A draft may be incomplete (Wagtail defers required fields on draft saves); what goes
        # live may not. The admin form says which it is validating (TranslatablePageForm).
        if not getattr(self, "defer_completeness", False):
            errors.update(self.publication_errors())
        if errors:
            raise ValidationError(errors)

    def publication_errors(self) -> dict:
        """{field_xx: message} for what keeps this page from being published as it stands."""
        errors = {}
        for language in self.languages_with_title():
            errors.update(self.incomplete_copy(language))
        return errors

    def languages_with_title(self) -> list[str]:
        return [language for language in site_languages() if value_in(self, "title", language)]

    def incomplete_copy(self, language: str) -> dict:
        """{field_xx: message} for copy a page published in `language` must have there."""
        return {}

    # Editors preview each language separately from the editor's preview panel (the mixin's modes).
    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in site_languages() else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            # A TemplateResponse renders lazily: render it while the language is still active.
            if hasattr(response, "render"):
                response.render()
            return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["missing_translation"] = not self.has_translation(translation.get_language())
        return context


class HomePage(TranslatablePage):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("introduction"))

    content_panels = [*TranslatablePage.content_panels, FieldPanel("intro")]
    subpage_types = ["articles.ArticleIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    latest_count = 3

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = ArticlePage.objects.available_in(translation.get_language())[: self.latest_count]
        context["article_index"] = ArticleIndexPage.objects.live().first()
        return context


class ArticleIndexPage(TranslatablePage):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("introduction"))

    content_panels = [*TranslatablePage.content_panels, FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    parent_page_types = ["articles.HomePage"]

    per_page = 10
    # ?page=N is part of what the page cache keys this page on (core/page_cache.py).
    cache_query_params = ("page",)

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()
        articles = ArticlePage.objects.available_in(language).child_of(self).without_bodies()
        paginator = Paginator(articles, self.per_page)
        # Counting every article is the one cost that grows with them: kept until the next publish.
        paginator.count = page_cache.remembered(f"articles:count:{self.pk}:{language}", articles.count)
        # A page number that is not a page is a 404, not silently page 1.
        try:
            context["articles"] = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            raise Http404 from None
        return context


class ArticlePageQuerySet(PageQuerySet):
    def available_in(self, language: str):
        """Live, public articles that exist in `language`, newest first (an index keeps that order)."""
        return (
            self.live()
            .public()
            .filter(translated_q(*ArticlePage.translation_required_fields, language=language))
            .order_by("-date", "-pk")
        )

    def without_bodies(self):
        """Lists show a title, date, author and standfirst: the bodies (each language's blocks, most
        of a row's size) stay in the database, and a deep page's OFFSET skips narrower rows."""
        return self.defer("body", *(localized("body", language) for language in site_languages()))


class ArticlePage(TranslatablePage):
    standfirst = models.TextField(
        _("standfirst"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the headline, also used in lists."),
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("body"))

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    route_select_related = ("hero_image",)

    content_panels = [
        *TranslatablePage.content_panels,
        FieldPanel("standfirst", widget=forms.Textarea(attrs={"rows": 3})),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author")], heading=_("Byline")),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Hero image")),
        FieldPanel("body"),
    ]
    # Wagtail's index serves the admin, whose page search autocompletes on titles only: the body
    # is left out of it (indexing it drew every chart on every save, for no search that reads it).
    # Readers' search indexes each language's copy on its own (articles/search.py).
    search_fields = [
        *TranslatablePage.search_fields,
        *[index.SearchField(localized("standfirst", language)) for language in site_languages()],
        index.FilterField("date"),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        # Lists, the home page and the feeds read the newest first and stop after a few.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="articles_newest_first")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every figure the body's infographics draw, loaded in a few queries whatever their number.
        prefetch_infographics(self.body)
        return context

    def body_search_text(self, language: str) -> list[str]:
        """The body's text as readers read it in `language`: paragraphs, charts, cited numbers."""
        body = value_in(self, "body", language)
        if not body:
            return []
        with translation.override(language):
            prefetch_infographics(body)
            return body.stream_block.get_searchable_content(body)

    def incomplete_copy(self, language: str) -> dict:
        errors = {}
        # A language with a headline is published in that language: it needs its copy too.
        if not value_in(self, "body", language):
            errors[localized("body", language)] = _(
                "Add the body in this language, or clear its title to leave the article unpublished in it."
            )
        if self.hero_image_id and not value_in(self, "hero_alt", language):
            errors[localized("hero_alt", language)] = _("Describe the hero image in this language.")
        return errors


class SearchEntry(models.Model):
    """What readers' search finds: one row per article and language it is published in, holding
    that language's copy only (title; standfirst, body and the infographics' text as readers read
    them), so each language's search looks at its own copy. Kept up to date by articles/search.py.

    On PostgreSQL `vector` holds the copy as a tsvector built with the language's configuration
    (GIN-indexed); on SQLite an FTS5 table (articles_searchentry_fts, same rowid) holds its Snowball
    stems. Both are created by migration 0004 for their database only."""

    page = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    title = models.TextField()
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="articles_searchentry_unique")]

    def __str__(self):
        return f"{self.title} ({self.language})"

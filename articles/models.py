"""Pages of the site. Each page holds both languages (modeltranslation adds `<field>_it` and
`<field>_en` columns for the fields registered in translation.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cio_site.i18n import site_languages
from stats.blocks import prefetch_infographics

from .blocks import RICH_TEXT_FEATURES, body_blocks


def translated_q(*fields: str, language: str) -> Q:
    """Rows whose given fields are filled in `language` (no fallback: the raw column)."""
    q = Q()
    for field in fields:
        column = f"{field}_{language}"
        q &= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    return q


class TranslatablePage(Page):
    """A page that exists in a language only when its copy in that language is filled in.

    Policy for a missing translation: the page is *hidden* in that language. Its URL 404s
    there, lists and search leave it out, the language switcher does not offer it and no
    hreflang points to it. Readers never get Italian copy under an English URL.
    """

    # Fields whose copy must be present for the page to exist in a language.
    translation_required_fields: tuple[str, ...] = ("title", "slug")

    class Meta:
        abstract = True

    def has_translation(self, language: str) -> bool:
        return all(getattr(self, f"{field}_{language}", None) for field in self.translation_required_fields)

    def get_url_in(self, language: str, request=None) -> str | None:
        """This page's URL in `language`, or None where it does not exist in that language."""
        if not self.has_translation(language):
            return None
        with translation.override(language):
            return self.get_url(request)

    def serve(self, request, *args, **kwargs):
        if not self.has_translation(translation.get_language()) and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    # Editors preview each language separately from the editor's preview panel.
    @property
    def preview_modes(self):
        return [(code, name) for code, name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return settings.LANGUAGE_CODE

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

    content_panels = Page.content_panels + [FieldPanel("intro")]
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

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    parent_page_types = ["articles.HomePage"]

    per_page = 10

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.available_in(translation.get_language()).child_of(self)
        paginator = Paginator(articles, self.per_page)
        # A page number that is not a page is a 404, not silently page 1.
        try:
            context["articles"] = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            raise Http404 from None
        return context


class ArticlePageQuerySet(PageQuerySet):
    def available_in(self, language: str):
        """Live, public articles that exist in `language`, newest first."""
        return (
            self.live()
            .public()
            .filter(translated_q(*ArticlePage.translation_required_fields, language=language))
            .order_by("-date", "-pk")
        )


class ArticlePage(TranslatablePage):
    standfirst = models.TextField(
        _("standfirst"), max_length=300, blank=True,
        help_text=_("One or two sentences under the headline, also used in lists."),
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("hero image"),
    )
    hero_alt = models.CharField(
        _("hero image alternative text"), max_length=250, blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("body"))

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author")], heading=_("Byline")),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Hero image")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every figure the body's infographics draw, loaded in a few queries whatever their number.
        prefetch_infographics(self.body)
        return context

    def clean(self):
        super().clean()
        errors = {}
        for language in site_languages():
            title = getattr(self, f"title_{language}", "")
            if not title:
                continue
            # A language with a headline is published in that language: it needs its copy too.
            if not getattr(self, f"body_{language}", None):
                errors[f"body_{language}"] = _("Add the body in this language, or clear its title to leave the article unpublished in it.")
            if self.hero_image_id and not getattr(self, f"hero_alt_{language}", ""):
                errors[f"hero_alt_{language}"] = _("Describe the hero image in this language.")
        if errors:
            raise ValidationError(errors)

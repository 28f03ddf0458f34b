"""Fields that hold copy, registered with modeltranslation: each gets an `_it` and an `_en` column.
Page's own title, slug, url_path, seo_title and search_description are registered by
wagtail_modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import ArticleIndexPage, ArticlePage, HomePage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro",)


@register(ArticleIndexPage)
class ArticleIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ArticlePage)
class ArticlePageTR(TranslationOptions):
    fields = ("standfirst", "author", "hero_alt", "body")

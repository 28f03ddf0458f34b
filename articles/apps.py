from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from wagtail.models import Page

        from core import page_cache
        from core.languages import default_language, localized
        from stats.signals import data_changed

        from . import search
        from .models import TranslatablePage

        search.connect()

        # wagtail-modeltranslation (whose ready() runs before ours) makes the default language's
        # title and slug required and replaces route(), clean() and the admin form of every translated page
        # type with versions that match slugs through language fallbacks. Here a page may exist in
        # any one language, and each language's URL is matched on that language's own slug.
        for field in ("title", "slug"):
            Page._meta.get_field(localized(field, default_language())).blank = True
        for model in TranslatablePage.__subclasses__():
            model.route = TranslatablePage.route
            model.clean = TranslatablePage.clean
            model.base_form_class = model.translatable_form_class()
            model.get_edit_handler.cache_clear()

        # Survey data changed: every page that may cite it (all of them: see core/page_cache.py).
        data_changed.connect(page_cache.changed, dispatch_uid="articles.page_cache.data_changed")

"""An Atom feed of the latest articles per language (/it/feed/, /en/feed/): the language's copy only,
the articles that exist in it, linked from every page's head (articles/templates/articles/_meta.html)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from stats.corrections import last_changes

from .metadata import description_of, site_name
from .models import ArticlePage


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    size = 20

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return site_name()

    def subtitle(self):
        return gettext("%(site)s: latest articles") % {"site": site_name()}

    def link(self):
        return f"/{translation.get_language()}/"

    def feed_url(self):
        return self.request.path

    def items(self):
        items = list(ArticlePage.objects.available_in(translation.get_language())[: self.size])
        # When each entry last changed for readers (a correction note after its publication counts),
        # for every entry in one query.
        self.modified = last_changes(items, translation.get_language())
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return description_of(item)

    def item_link(self, item):
        return item.get_url_in(translation.get_language(), self.request)

    def item_guid(self, item):
        # Stable across renamed slugs: the page and the language, not the URL.
        return f"{self.request.build_absolute_uri('/')}#article-{item.pk}-{translation.get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at or timezone.make_aware(datetime.combine(item.date, time()))

    def item_updateddate(self, item):
        return self.modified.get(item.pk) or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.author or site_name()

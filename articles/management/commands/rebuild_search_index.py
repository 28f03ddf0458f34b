"""Rebuild readers' search (articles/search.py) from the published articles: after `migrate` on an
existing site, or at any time (safe to run again)."""

from django.core.management.base import BaseCommand

from articles import search


class Command(BaseCommand):
    help = "Index every published article for readers' search, in each language it is published in."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries (one per article and language).")

"""Rebuild readers' search (articles/search.py) from the published articles: after `migrate` on an
existing site, or at any time (safe to run again)."""

from django.core.management.base import BaseCommand

from articles import search
from core import memo


class Command(BaseCommand):
    help = "Index every published article for readers' search, in each language it is published in."

    def handle(self, *args, **options):
        with memo.scope():  # each figure the bodies cite is read once, not once per block
            count = search.rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries (one per article and language).")

"""Recompute the translation status (core.TranslationState) from the revisions already saved.

Run once on a database that had content before the translation status existed; afterwards every
saved revision keeps it up to date. Safe to run again at any time.
"""

from django.core.management.base import BaseCommand

from core.translation_status import rebuild


class Command(BaseCommand):
    help = "Recompute which translations are missing or outdated from the saved revisions."

    def handle(self, *args, **options):
        count = rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
        if options["verbosity"]:
            self.stdout.write(f"Translation status rebuilt for {count} objects.")

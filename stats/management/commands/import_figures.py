"""manage.py import_figures FILE.csv [--survey KEY] [--publish]: the survey CSV the site offers,
edited in a spreadsheet, read back. See stats/importing.py and the README (Data desk round-trip)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.languages import default_language
from stats import importing
from stats.models import Survey


class Command(BaseCommand):
    help = "Import figure values from the survey CSV the site offers (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file as the site offers it (/it/dati/..., /en/data/...).")
        parser.add_argument("--survey", help="The survey's key (default: from the file name, <key>-<lang>.csv).")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the changed figures (readers see them; correction notes follow). "
            "Without it, each changed figure gets a draft revision to review in the admin.",
        )

    def handle(self, *args, file, survey=None, publish=False, **options):
        with translation.override(default_language()):
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            chosen = self.survey(survey, path)
            try:
                text = importing.read_text(path.read_bytes())
                changes, _language = importing.plan(text, survey=chosen)
            except importing.ImportRefused as refused:
                for problem in refused.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    f"Nothing was imported: {len(refused.problems)} problem(s) in {path.name}."
                ) from None
            result = importing.apply(changes, publish=publish)
            for figure in result.had_drafts:
                self.stdout.write(
                    f"{figure.key}: it had unpublished changes; the imported revision starts from its live values."
                )
            for figure, revision in result.changed:
                state = "published" if publish else f"draft revision {revision.pk}"
                self.stdout.write(f"{figure.key}: {state}")
            self.stdout.write(
                f"{len(result.changed)} figure(s) changed"
                + ("" if publish else " (drafts: publish them in the admin, or run again with --publish)")
                + "."
            )

    def survey(self, key, path):
        if key:
            survey = Survey.objects.filter(key=key).first()
            if survey is None:
                raise CommandError(f"No survey has the key “{key}”.")
            return survey
        # The site names its downloads <survey key>-<language>.csv.
        stem = path.stem
        for survey in Survey.objects.all():
            if stem == survey.key or stem.startswith(survey.key + "-"):
                return survey
        return None

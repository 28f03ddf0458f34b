"""`manage.py backup`: the database and the media files into a new folder under backups/."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cio_site.management.backup import BackupError, archive_media, dump_database, write_manifest


class Command(BaseCommand):
    help = "Back up the database and the media files (MEDIA_ROOT) into backups/<date-time>/."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The folder to create (default: backups/<date-time>/ in the project).")

    def handle(self, *args, output=None, **options):
        folder = Path(output) if output else settings.BASE_DIR / "backups" / f"{datetime.now(UTC):%Y%m%d-%H%M%S}"
        try:
            folder.mkdir(parents=True, exist_ok=False)
        except FileExistsError as exc:
            raise CommandError(f"{folder} exists already: choose another --output.") from exc
        db = settings.DATABASES["default"]
        try:
            files = [dump_database(db, folder)]
            if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
                files.append(archive_media(Path(settings.MEDIA_ROOT), folder))
            else:
                self.stdout.write("Media are in the S3 bucket, not backed up here: use the bucket's versioning.")
            write_manifest(folder, db, files)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {folder}")

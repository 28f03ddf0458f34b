"""`manage.py restore FOLDER`: put a backup's database and media files back."""

from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cio_site.management.backup import BackupError, check_manifest, restore_database, restore_media


class Command(BaseCommand):
    help = "Restore the database and the media files from a folder made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--database-url", help="Restore into this database instead of the site's own.")
        parser.add_argument("--media-root", help="Restore the media files here instead of MEDIA_ROOT.")

    def handle(self, *args, folder, noinput=False, database_url=None, media_root=None, **options):
        folder = Path(folder)
        try:
            check_manifest(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        db = dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        media = Path(media_root or settings.MEDIA_ROOT)
        if not noinput:
            answer = input(
                f"This replaces the content of database {db['NAME']} and of {media} with the backup in {folder}. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        dumps = [folder / name for name in ("database.pgdump", "database.sqlite3") if (folder / name).exists()]
        dump = dumps[0] if dumps else None
        if dump is None:
            raise CommandError(f"{folder} holds no database dump.")
        if not database_url:
            connections.close_all()
        try:
            restore_database(db, dump)
            kept = restore_media(folder / "media.tar.gz", media) if (folder / "media.tar.gz").exists() else None
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {db['NAME']} and {media} from {folder}.")
        if kept:
            self.stdout.write(f"The media files it replaced are kept in {kept}.")

"""Backing up and restoring the database and the media files (`manage.py backup`, `manage.py restore`).

A backup is a folder: `database.pgdump` (pg_dump's custom format) or `database.sqlite3` (SQLite's online
backup, consistent while the site runs), `media.tar.gz` (MEDIA_ROOT) and `manifest.json` (what, when,
and each file's SHA-256, checked before anything is restored).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump_database(db: dict, folder: Path) -> Path:
    engine = db["ENGINE"]
    if engine == SQLITE:
        target = folder / "database.sqlite3"
        source = sqlite3.connect(str(db["NAME"]))
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target
    if engine == POSTGRESQL:
        target = folder / "database.pgdump"
        args, env = _pg_args(db)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(target), db["NAME"]],
            env,
        )
        return target
    raise BackupError(f"Backing up {engine} is not supported (SQLite and PostgreSQL are).")


def restore_database(db: dict, dump: Path) -> None:
    engine = db["ENGINE"]
    if engine == SQLITE and dump.name == "database.sqlite3":
        source = sqlite3.connect(str(dump))
        dest = sqlite3.connect(str(db["NAME"]))
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    if engine == POSTGRESQL and dump.name == "database.pgdump":
        args, env = _pg_args(db)
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run([*command, *args, "--dbname", db["NAME"], str(dump)], env)
        return
    raise BackupError(f"{dump.name} cannot be restored into a {engine} database.")


def archive_media(media_root: Path, folder: Path) -> Path:
    target = folder / "media.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    return target


def restore_media(archive: Path, media_root: Path) -> Path | None:
    """Unpack into a new folder beside MEDIA_ROOT, then swap it in; the old one is kept aside."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    restored = unpacked / "media"
    restored.mkdir(exist_ok=True)
    kept = None
    if media_root.exists():
        kept = media_root.with_name(f"{media_root.name}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}")
        media_root.rename(kept)
    restored.rename(media_root)
    shutil.rmtree(unpacked, ignore_errors=True)
    return kept


def write_manifest(folder: Path, db: dict, files: list[Path]) -> None:
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": db["ENGINE"].rsplit(".", 1)[-1],
        "files": {path.name: sha256(path) for path in files},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def check_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} is not a backup folder (no readable manifest.json).") from exc
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.exists() or sha256(path) != digest:
            raise BackupError(f"{path} is missing or damaged (its SHA-256 differs from the manifest's).")
    return manifest

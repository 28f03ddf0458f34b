"""`make backup` and the documented restore: a round trip gives back the same pages and media files."""

import io
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def titles_in(database: dict) -> set[str]:
    query = "SELECT title_it FROM articles_articlepage JOIN wagtailcore_page ON page_ptr_id = id"
    if database["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(database["NAME"]) as db:
            return {row[0] for row in db.execute(query)}
    import psycopg

    with psycopg.connect(**postgres_params(database)) as db:
        return {row[0] for row in db.execute(query)}


def postgres_params(database: dict, name: str | None = None) -> dict:
    params = {"dbname": name or database["NAME"], "user": database["USER"], "host": database["HOST"] or None}
    if database.get("PORT"):
        params["port"] = database["PORT"]
    if database.get("PASSWORD"):
        params["password"] = database["PASSWORD"]
    return params


@pytest.fixture
def scratch_database(tmp_path):
    """An empty database beside the test database, to restore into (dropped afterwards)."""
    database = dict(connection.settings_dict)
    if database["ENGINE"].endswith("sqlite3"):
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", {**database, "NAME": str(path)}
        return
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**postgres_params(database, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = database["USER"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    url = f"postgres://{user}{password}@{database['HOST'] or '127.0.0.1'}:{database.get('PORT') or 5432}/{name}"
    try:
        yield url, {**database, "NAME": name}
    finally:
        with psycopg.connect(**postgres_params(database, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def uploaded_image():
    """An image as an editor uploads it (the demo has none: its article has no hero)."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (20, 90, 160)).save(buffer, format="PNG")
    image = get_image_model()(title="Backup test image")
    image.file = ImageFile(buffer, name="backup-test.png")
    image.save()
    return image


def test_a_backup_restores_the_same_pages_and_media(demo, settings, tmp_path, scratch_database):
    media = Path(settings.MEDIA_ROOT)
    hero = uploaded_image().file.path
    original_bytes = Path(hero).read_bytes()
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", output=str(folder), stdout=out)
    assert f"Backup written to {folder}" in out.getvalue()
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "media.tar.gz"}

    url, restored = scratch_database
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(folder), noinput=True, database_url=url, media_root=str(restored_media), stdout=io.StringIO()
    )
    assert titles_in(restored) == titles_in(connection.settings_dict) == {demo["article"].title_it}
    copy = restored_media / Path(hero).relative_to(media)
    assert copy.read_bytes() == original_bytes


def test_a_damaged_backup_is_refused_before_anything_is_touched(demo, tmp_path, scratch_database):
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder), stdout=io.StringIO())
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"garbage")
    url, _restored = scratch_database
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), noinput=True, database_url=url, media_root=str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()

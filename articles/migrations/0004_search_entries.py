"""Readers' search: SearchEntry, plus what each database searches it with. PostgreSQL: a GIN index
on the tsvector column. SQLite: an FTS5 table of the entries' Snowball stems (rowid = the entry's
id), emptied of an entry's row by a trigger when the entry is deleted (a page deleted, cascading)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS_TABLE = "articles_searchentry_fts"

POSTGRES_FORWARD = ["CREATE INDEX articles_searchentry_vector ON articles_searchentry USING gin (vector)"]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS articles_searchentry_vector"]
SQLITE_FORWARD = [
    # remove_diacritics folds accents on both sides ("priorità" and "priorita" meet).
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER articles_searchentry_fts_delete AFTER DELETE ON articles_searchentry
        BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS articles_searchentry_fts_delete", f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def postgres_configurations(apps, schema_editor):
    # Each language's text search configuration, accents folded (articles.search.ensure_postgres_configs,
    # repeated here as it stands today so that this migration never changes with the app's code).
    from django.conf import settings

    if schema_editor.connection.vendor != "postgresql":
        return
    cursor = schema_editor.connection.cursor()
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
    has_unaccent = cursor.fetchone() is not None
    if not has_unaccent:
        cursor.execute("SAVEPOINT unaccent")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("RELEASE SAVEPOINT unaccent")
            has_unaccent = True
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT unaccent")
    for stemmer in sorted(set(settings.SEARCH_STEMMERS.values())):
        name = f"{stemmer}_unaccent"
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
        if cursor.fetchone():
            continue
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{stemmer})")
        if has_unaccent:
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}_stem"
            )


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_base_columns_in_stored_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=8)),
                ("title", models.TextField()),
                ("text", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.articlepage"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("page", "language"), name="articles_searchentry_unique")
                ],
            },
        ),
        # Configurations are left in place on reverse: other objects (an old index) may still use them.
        migrations.RunPython(postgres_configurations, migrations.RunPython.noop),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

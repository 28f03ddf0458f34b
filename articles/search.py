"""Readers' search, in each language over that language's copy only, with stemming and ranking.

Why not Wagtail's own database backend (wagtail.search.backends.database, i.e. modelsearch)? It keeps
one index entry per object and one text search configuration per backend (SEARCH_CONFIG), and its
SQLite FTS5 table has no stemmer; a page holding two languages would be indexed in one configuration,
with both languages' copy mixed. So this module keeps its own entries (articles.models.SearchEntry):
one per article and language, holding that language's copy and the infographics' text as readers
read it in that language.

- PostgreSQL: a tsvector per entry built with the language's configuration ("italian", "english":
  settings.SEARCH_STEMMERS), GIN-indexed; ranked by ts_rank, snippet from ts_headline.
- SQLite: the same Snowball algorithms (snowballstemmer, from the Snowball project) stem the copy
  into an FTS5 table; ranked by bm25, snippet highlighted here from the stems.

Wagtail's backend still serves the admin's page search. Entries follow publishing (page_published,
page_unpublished, deletion) and the figures (stats.signals.data_changed); `manage.py
rebuild_search_index` rebuilds them all.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.languages import site_languages, value_in

from .models import ArticlePage, SearchEntry

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200  # characters of a query that are read; the rest is ignored (and the reader told)
MAX_TERMS = 12  # words of a query that are searched
FTS_TABLE = "articles_searchentry_fts"
SNIPPET_WORDS = 32
# Marks ts_headline puts around matches, replaced by <mark> once the snippet is escaped; they are
# control characters, removed from the indexed copy, so no reader's text can forge them.
_START, _STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")
_TOKENS = re.compile(r"(\w+)")


# --- Words and stems --------------------------------------------------------------------------


def words(query: str) -> list[str]:
    """The words of a query: punctuation and operators are never syntax, only separators."""
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:MAX_TERMS]


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(settings.SEARCH_STEMMERS[language])


def _fold(word: str) -> str:
    """Lower case without accents, as readers type on any keyboard: "Priorità" -> "priorita"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """One word's stem, accents and case folded first (cached: a language has few distinct words)."""
    return _stemmer(language).stemWord(_fold(word))


def stems(text: str, language: str) -> list[str]:
    return [stem(word, language) for word in _WORD.findall(text)]


def _config(language: str) -> str:
    """PostgreSQL's configuration for `language`: its Snowball stemmer after unaccent (see
    ensure_postgres_configs), so that "priorita" finds "priorità" there as on SQLite."""
    return f"{settings.SEARCH_STEMMERS[language]}_unaccent"


def ensure_postgres_configs(cursor) -> None:
    """Create each language's configuration where missing: a copy of PostgreSQL's own (same parser,
    stop words and stemmer) whose words are unaccented first. Without the unaccent extension (not
    installed, or no right to create it) the copy stems as PostgreSQL's own does, accents kept."""
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
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH unaccent, {stemmer}_stem"
            )


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Indexing --------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text as indexed: one line, without control characters (blocks' searchable content is text
    already: Wagtail strips a paragraph's tags, the infographics theirs)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def document(page: ArticlePage, language: str) -> tuple[str, str]:
    """(title, text) of `page` as readers read it in `language`: standfirst, author, body with the
    infographics' labels and values as written in that language. Never another language's copy."""
    chunks = [value_in(page, "standfirst", language) or "", value_in(page, "author", language) or ""]
    chunks += page.body_search_text(language)
    return _plain(value_in(page, "title", language) or ""), "\n".join(filter(None, map(_plain, chunks)))


def index_page(page: ArticlePage) -> None:
    """(Re)index one article: an entry per language it is published in, none when not live."""
    page = page.specific
    SearchEntry.objects.filter(page=page).delete()
    if not page.live:
        return
    for language in page.languages():
        title, text = document(page, language)
        entry = SearchEntry.objects.create(page=page, language=language, title=title, text=text)
        if _is_postgres():
            config = _config(language)
            SearchEntry.objects.filter(pk=entry.pk).update(
                vector=SearchVector("title", weight="A", config=config)
                + SearchVector("text", weight="B", config=config)
            )
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (%s, %s, %s)",
                    [entry.pk, " ".join(stems(title, language)), " ".join(stems(text, language))],
                )


def remove_page(page) -> None:
    SearchEntry.objects.filter(page_id=page.pk).delete()


def rebuild() -> int:
    """Every article indexed afresh; returns the number of entries."""
    with transaction.atomic():
        if _is_postgres():
            with connection.cursor() as cursor:
                ensure_postgres_configs(cursor)  # a language added to SEARCH_STEMMERS since the migration
        SearchEntry.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")  # rows a table rebuild may have orphaned
        for page in ArticlePage.objects.live():
            index_page(page)
    return SearchEntry.objects.count()


def reindex_articles_with_infographics() -> None:
    """The figures changed: articles whose body draws any of them (an infographic, or a figure
    cited in a paragraph) read differently now."""
    from stats import references
    from stats.blocks import INFOGRAPHIC_BLOCKS

    kinds = {name for name, _block in INFOGRAPHIC_BLOCKS}

    def cites_figures(block) -> bool:
        value = block.get("value")
        return block["type"] in kinds or (isinstance(value, str) and bool(references.references_in(value)))

    for page in ArticlePage.objects.live():
        if any(cites_figures(block) for language in page.languages() for block in _raw_blocks(page, language)):
            index_page(page)


def _raw_blocks(page, language):
    body = value_in(page, "body", language)
    return body.raw_data if body else []


# --- Querying --------------------------------------------------------------------------------


@dataclass
class Hit:
    page: ArticlePage
    title: str
    snippet: SafeString


def matching_ids(query: str, language: str) -> list[int]:
    """Ids of the entries in `language` that hold every word of `query` (stemmed), best first."""
    terms = words(query)
    if not terms or language not in site_languages():
        return []
    if _is_postgres():
        ids = _postgres_ids(terms, language)
    else:
        ids = _sqlite_ids(terms, language)
    # Only what readers may see now (an expired or restricted page keeps its entries until reindexed).
    visible = set(
        SearchEntry.objects.filter(pk__in=ids, page__in=ArticlePage.objects.live().public()).values_list(
            "pk", flat=True
        )
    )
    return [pk for pk in ids if pk in visible]


def _postgres_ids(terms, language):
    query = SearchQuery(" ".join(terms), search_type="plain", config=_config(language))
    return list(
        SearchEntry.objects.filter(language=language, vector=query)
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "-page__date", "pk")
        .values_list("pk", flat=True)
    )


def _sqlite_ids(terms, language):
    # Each stem quoted: a phrase of one word, never FTS5 syntax (the stems hold only word characters).
    wanted = [stem for stem in dict.fromkeys(stems(" ".join(terms), language)) if stem]
    if not wanted:
        return []
    match = " ".join(f'"{stem}"' for stem in wanted)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT entry.id FROM {FTS_TABLE} fts JOIN articles_searchentry entry ON entry.id = fts.rowid
                JOIN articles_articlepage article ON article.page_ptr_id = entry.page_id
                WHERE {FTS_TABLE} MATCH %s AND entry.language = %s
                ORDER BY bm25({FTS_TABLE}, 5.0, 1.0), article.date DESC, entry.id""",
            [match, language],
        )
        return [row[0] for row in cursor.fetchall()]


def hits(ids: list[int], query: str, language: str) -> list[Hit]:
    """The entries `ids` (one page of results), in that order, with a highlighted snippet each."""
    entries = SearchEntry.objects.filter(pk__in=ids).select_related("page")
    if _is_postgres():
        entries = entries.annotate(
            snippet=SearchHeadline(
                "text",
                SearchQuery(" ".join(words(query)), search_type="plain", config=_config(language)),
                config=_config(language),
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    by_id = {entry.pk: entry for entry in entries}
    found = []
    for pk in ids:
        entry = by_id.get(pk)
        if entry is None:
            continue
        if _is_postgres():
            snippet = _marked(entry.snippet)
        else:
            snippet = highlight(entry.text, query, language)
        found.append(Hit(page=entry.page, title=entry.title, snippet=snippet))
    return found


def _marked(headline: str) -> SafeString:
    """ts_headline's text escaped, its match marks turned into <mark>."""
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # escaped above; only <mark> added


def highlight(text: str, query: str, language: str, size: int = SNIPPET_WORDS) -> SafeString:
    """A window of `size` words of `text` around the most matches of `query`'s stems, escaped, the
    matching words in <mark>; the start of the text when nothing in it matches (a title match)."""
    wanted = set(stems(" ".join(words(query)), language))
    tokens = _TOKENS.split(text)  # separators at even positions, words at odd ones
    positions = range(1, len(tokens), 2)
    # Each distinct word stemmed once; then each word of the text is a set lookup.
    matching = {word for word in set(tokens[1::2]) if stem(word, language) in wanted}
    hits = [tokens[i] in matching for i in positions]
    if not hits:
        return mark_safe("")
    # The window (in words) holding the most matches, by a running count; it then starts a few
    # words before its first match, for context.
    best, best_count, count = 0, -1, 0
    for end, hit in enumerate(hits):
        count += hit
        if end >= size:
            count -= hits[end - size]
        start = max(0, end - size + 1)
        if count > best_count:
            best, best_count = start, count
    if best_count > 0:
        first = next(n for n in range(best, len(hits)) if hits[n])
        best = max(0, first - 4)
    window = range(best, min(best + size, len(hits)))
    parts = []
    for n in range(window.start, window.stop):
        word = escape(tokens[positions[n]])
        parts.append(f"<mark>{word}</mark>" if hits[n] else word)
        if n + 1 < window.stop:
            parts.append(escape(tokens[positions[n] + 1]))
    html = "".join(parts)
    if best > 0:
        html = "… " + html
    if window.stop < len(hits):
        html += " …"
    return mark_safe(html)  # every piece escaped; only <mark> added


# --- Keeping entries up to date --------------------------------------------------------------


def _safely(function, *args) -> None:
    """Search must never undo an editor's work: a failure to index is logged (the entries stay as they
    were, in their own savepoint) and `rebuild_search_index` can repair it later."""
    try:
        with transaction.atomic():
            function(*args)
    except Exception:
        logger.exception("Readers' search could not be updated")


# Inside the publishing transaction: the entries commit, or roll back, with the page.
def _published(sender, instance, **kwargs):
    if issubclass(sender, ArticlePage):
        page = ArticlePage.objects.filter(pk=instance.pk).first()
        if page is not None:
            _safely(index_page, page)


def _unpublished(sender, instance, **kwargs):
    _safely(remove_page, instance)


def _data_changed(sender, **kwargs):
    _safely(reindex_articles_with_infographics)


def connect():
    from wagtail.signals import page_published, page_unpublished

    from stats.signals import data_changed

    page_published.connect(_published, dispatch_uid="articles-search-published")
    page_unpublished.connect(_unpublished, dispatch_uid="articles-search-unpublished")
    data_changed.connect(_data_changed, dispatch_uid="articles-search-data-changed")

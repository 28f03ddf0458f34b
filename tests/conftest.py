"""Test set-up: the launch content is loaded once per test session, into the test database, and
each test runs in a transaction rolled back at its end, so every test sees the same demo site.

Browser tests need a live server, which sees only committed data. Those that only read use the
session's demo as it is; those that write work on a copy of it made for the test and dropped after
(tests/browser/conftest.py), so nothing any test commits reaches the session's database. Under
pytest-xdist the demo database is built once per run and copied for each worker
(tests/template_database.py).
"""

import gc
import io
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command

from tests import template_database
from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG  # noqa: F401  (re-exported for tests)

# A test run allocates heavily (forms, blocks, templates, query sets) and lives for two minutes:
# collecting the young generation every 50,000 allocations instead of 700 saves about 5% of its CPU.
gc.set_threshold(50_000, 50, 100)


def pytest_configure(config):
    # The controller of a parallel run builds the demo database while its workers start.
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.getoption("numprocesses", None) and not config.getoption("collectonly"):
        config.stash[_template_builder] = template_database.Builder()


def pytest_unconfigure(config):
    if builder := config.stash.get(_template_builder, None):
        builder.finish()


_template_builder = pytest.StashKey[template_database.Builder]()
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup"}


def pytest_collection_modifyitems(items):
    # A stable sort: tests that need no database first (they run while the database is built);
    # browser tests after all the others (Chromium and the live server beside the other worker's
    # tests made both slower), the editors' long sessions in the admin before the readers' short
    # visits, so that the workers, handed a test as they free up, finish together.
    def order(item):
        if item.get_closest_marker("browser") is not None:
            return 2 if "demo_site" in item.fixturenames else 3
        if item.get_closest_marker("django_db") is None and not _DATABASE_FIXTURES & set(item.fixturenames):
            return 0
        return 1

    items.sort(key=order)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database with the launch content: this worker's copy of the run's template under
    pytest-xdist, otherwise migrated and loaded here (with pytest-django's --reuse-db honoured)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    keep = request.config.getoption("reuse_db") and not request.config.getoption("create_db")
    with django_db_blocker.unblock():
        if worker and template_database.expected():
            destroy = template_database.copy_for(worker)
        else:
            databases = setup_databases(
                verbosity=0, interactive=False, keepdb=keep, aliases={"default"}, serialized_aliases=set()
            )
            call_command("load_demo_content", stdout=io.StringIO())

            def destroy():
                if not keep:
                    teardown_databases(databases, verbosity=0)

    yield
    with django_db_blocker.unblock():
        # A live server's request threads may still hold a connection; ours starts afresh.
        template_database.end_sessions_on(connection.settings_dict["NAME"])
        destroy()


@pytest.fixture(scope="session", autouse=True)
def _plain_template_rendering(django_test_environment):
    """Django's test set-up makes every template render send a signal, through which the test
    client keeps a copy of each context: a fifth of an admin page's time. Only tests that read
    `response.context` need it, and they ask for `template_contexts`."""
    from django.template.base import Template
    from django.test.utils import _TestState

    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    yield
    Template._render = instrumented


@pytest.fixture
def template_contexts():
    """`response.context` for this test's requests (Django's instrumented rendering)."""
    from django.template.base import Template
    from django.test.utils import instrumented_test_render

    plain, Template._render = Template._render, instrumented_test_render
    yield
    Template._render = plain


@pytest.fixture(scope="session", autouse=True)
def _test_file_roots():
    """Media and static roots of the test settings, emptied before and removed after the run."""
    roots = [settings.MEDIA_ROOT, settings.STATIC_ROOT]
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
    yield
    shutil.rmtree(settings.MEDIA_ROOT.parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    # wagtail-modeltranslation caches each language's site root paths; a rolled-back test
    # database must not leave stale paths behind for the next test.
    cache.clear()
    yield
    cache.clear()


class _Demo(dict):
    """The launch content's pages, each read from the database when a test first asks for it."""

    def __missing__(self, key):
        from articles.models import ArticleIndexPage, ArticlePage, HomePage

        load = {
            "home": lambda: HomePage.objects.get(),
            "index": lambda: ArticleIndexPage.objects.get(),
            "article": lambda: ArticlePage.objects.get(slug_it=ARTICLE_IT_SLUG),
        }[key]
        try:
            self[key] = load()
        except ObjectDoesNotExist:
            pytest.fail("the demo is gone: something committed to the session's database and removed it")
        return self[key]


@pytest.fixture
def demo(db):
    """The launch content, exactly as `make run` loads it (loaded once per session)."""
    return _Demo()


@pytest.fixture
def empty_site(db):
    """No demo content: what a new installation has before the demo is loaded (rolled back after)."""
    from wagtail.models import Page

    from articles.models import ArticlePage
    from stats.models import Figure, Survey

    for page in ArticlePage.objects.all():
        page.delete()
    Figure.objects.all().delete()
    Survey.objects.all().delete()
    return Page.get_first_root_node()


@pytest.fixture
def small_article(demo):
    """A short published article in both languages (a paragraph and an infographic each): for tests
    of the editor's mechanics, which need not post the launch article's twenty blocks every time."""
    from stats.models import Figure
    from tests.factories import make_article

    cloud = Figure.objects.get(key="cloud-computing")
    page = make_article(
        demo["index"],
        it={"title": "Breve", "slug": "breve", "standfirst": "Sommario breve.", "body": "Testo breve."},
        en={"title": "Short", "slug": "short", "standfirst": "Short standfirst.", "body": "Short text."},
        publish=False,
    )
    for language, caption in (("it", "Nota"), ("en", "Note")):
        body = getattr(page, f"body_{language}")
        body.append(("then_now", {"figure": cloud, "before": "2009", "after": "today", "caption": caption}))
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)

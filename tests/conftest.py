import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import ARTICLE_EN_SLUG, ARTICLE_IT_SLUG  # noqa: F401  (re-exported for tests)


@pytest.fixture(autouse=True)
def _clear_cache():
    # wagtail-modeltranslation caches each language's site root paths; a rolled-back test
    # database must not leave stale paths behind for the next test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The launch content, exactly as `make run` loads it."""
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    from articles.models import ArticleIndexPage, ArticlePage, HomePage

    return {
        "home": HomePage.objects.get(),
        "index": ArticleIndexPage.objects.get(),
        "article": ArticlePage.objects.get(slug_it=ARTICLE_IT_SLUG),
    }

"""core.memo: what one request reads once, never carried into another request or past a write."""

from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from core import memo

pytestmark = pytest.mark.django_db


@contextmanager
def a_request():
    """Django's request signals, sent as the test client sends them (keeping the test's connection)."""
    request_started.disconnect(close_old_connections)
    request_started.send(sender=None)
    request_started.connect(close_old_connections)
    try:
        yield
    finally:
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_finished.connect(close_old_connections)


def test_nothing_is_memoised_outside_a_request():
    assert memo.for_request("stats", "rows") is None


def test_a_request_keeps_its_memo_until_it_ends():
    with a_request():
        memo.for_request("stats", "rows")["figure"] = 1
        assert memo.for_request("stats", "rows") == {"figure": 1}
    assert memo.for_request("stats", "rows") is None
    with a_request():
        assert memo.for_request("stats", "rows") == {}  # the next request starts empty


def test_a_write_to_an_app_empties_that_apps_memos_only(demo):
    from articles.models import ArticlePage
    from stats.models import Figure

    with a_request():
        memo.for_request("stats", "rows")["figure"] = 1
        memo.for_request("articles", "rows")["page"] = 1
        ArticlePage.objects.get(pk=demo["article"].pk).save()
        assert memo.for_request("stats", "rows") == {"figure": 1}
        assert memo.for_request("articles", "rows") == {}
        Figure.objects.first().save()
        assert memo.for_request("stats", "rows") == {}


def test_a_scope_memoises_outside_a_request_and_ends_with_it():
    with memo.scope():
        memo.for_request("stats", "rows")["figure"] = 1
        with memo.scope():  # nested: the same memo
            assert memo.for_request("stats", "rows") == {"figure": 1}
        assert memo.for_request("stats", "rows") == {"figure": 1}
    assert memo.for_request("stats", "rows") is None

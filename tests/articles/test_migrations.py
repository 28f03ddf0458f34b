"""Existing pages whose base columns took an English admin's language get their stored language back."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

from tests.factories import base_columns

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0003_base_columns_in_stored_language")


def test_base_columns_return_to_the_stored_language(demo):
    article = demo["article"]
    # What an English admin's save used to leave behind.
    Page.objects.rewrite(False).filter(pk=article.pk).update(
        title=article.title_en,
        draft_title=article.title_en,
        slug=article.slug_en,
        url_path=article.url_path_en,
    )
    migration.forwards(apps, None)
    assert base_columns(article) == {
        "title": article.title_it,
        "draft_title": article.title_it,
        "slug": article.slug_it,
        "url_path": article.url_path_it,
    }

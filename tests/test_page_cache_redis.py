"""The page cache on Redis (REDIS_URL; CI sets it), as operators scale out: what one worker stores
another serves, and a publish through either is seen fresh by both."""

import os

import pytest
from django.core.cache import caches
from django.test import Client

from tests.test_page_cache import URLS, title_of, warm

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)"),
]


def test_the_cache_is_redis(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    from core import page_cache

    assert page_cache.cache() is caches["default"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_publish_is_seen_fresh_by_every_reader_through_redis(
    demo, language, settings, django_capture_on_commit_callbacks
):
    from redis import Redis

    from core import page_cache

    one, two = Client(), Client()
    warm(one, URLS[language])
    assert two.get(URLS[language])["X-Page-Cache"] == "hit"  # stored by the other one
    # The generation lives in Redis itself, where every worker and server reads it.
    redis = Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert redis.exists(page_cache.cache().make_and_validate_key(page_cache.GENERATION_KEY))
    article = demo["article"]
    with django_capture_on_commit_callbacks(execute=True):
        setattr(article, f"title_{language}", "Fresh from Redis")
        article.save_revision().publish()
    first, second = two.get(URLS[language]), one.get(URLS[language])
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert title_of(first) == title_of(second) == "Fresh from Redis"

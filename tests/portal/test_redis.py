"""The production cache path: Django's Redis backend shared by several app servers."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal import chrome, generation, pagecache, ratelimit
from portal.models import NavItem, SiteSettings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal-tests",
    }
}


def _redis_available():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_available(), reason="no Redis server at TEST_REDIS_URL"),
]


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS_CACHES):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_chrome_round_trips_through_redis_and_is_renewed_on_save(redis_cache, client):
    """Another app server sees the same cached chrome, kept under the shared generation; a
    save moves the generation on, so every server builds it anew."""
    settings_obj = SiteSettings.load()
    NavItem.objects.create(title="资讯中心", url="/news/")
    chrome.get_chrome()
    gen, _expires, cached = redis_cache.get(pagecache.MEMO_PREFIX + "portal:chrome")
    assert gen == generation.read()
    assert [item.title for item in cached.navigation] == ["资讯中心"]
    assert cached.settings.site_name == settings_obj.site_name
    NavItem.objects.create(title="投稿", url="/submit/")
    assert generation.read() != gen
    assert "投稿" in client.get("/no-such-page/").content.decode()


@pytest.mark.usefixtures("redis_cache")
def test_rate_limit_counts_are_shared_through_redis():
    """Every app server counts against the same window, so the limit holds site-wide."""
    allowed = [ratelimit.hit("redis-test", "203.0.113.7", limit=4, period=60) for _ in range(6)]
    assert allowed == [True, True, True, True, False, False]

"""Django's Redis cache, made to fail soft: Redis down or restarting is an empty cache.

Pages keep serving from the database while Redis is away (reads miss, writes are
dropped) and pick the cache up again by themselves when it is back. Counting cannot be
faked that way: `add`, `incr` and `get_strict` raise CacheUnavailable, and the rate
limiter (portal.ratelimit) decides what failing safe means for each use.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The cache server cannot be reached; nothing was counted."""


class FailSoftRedisCache(RedisCache):
    def _soft(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            logger.warning("cache unavailable (%s): %s", operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, key, version)

    def set(self, *args, **kwargs):
        return self._soft("set", None, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._soft("set_many", [], *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._soft("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._soft("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._soft("delete_many", None, *args, **kwargs)

    def clear(self):
        return self._soft("clear", None)

    def _strict(self, operation, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            raise CacheUnavailable(str(error)) from error

    def add(self, *args, **kwargs):
        return self._strict("add", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._strict("incr", *args, **kwargs)

    def get_strict(self, key, default=None, version=None):
        return self._strict("get", key, default, version)

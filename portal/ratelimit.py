"""The one rate limiter for public forms and lookups: a fixed-window counter that every
process shares.

With Redis as the cache the count lives there (atomic INCR, shared by all app servers).
Without Redis it lives in the database (`portal.SharedCounter`, one atomic upsert per
count), never in one process's memory: `make serve`'s workers count together. Identities
(addresses) are kept only as salted hashes.

When the counter store is unreachable (Redis down, portal.cache) the limits fail safe:
`count` answers UNKNOWN, larger than any threshold, so public forms ask everyone for the
captcha; `hit` lets the attempt through (the captcha guards it, nothing is refused for
want of counting); `is_limited`, used where guessing is the threat (lookups by number
and code), refuses until counting works again.
"""

import logging
import random
import sys
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, transaction
from django.utils.crypto import salted_hmac

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

UNKNOWN = sys.maxsize


def client_ip(request):
    """The client's address; behind N trusted proxies, the Nth address from the right."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, identity, window):
    digest = salted_hmac("portal.ratelimit", f"{scope}:{identity}").hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def _shared_in_cache():
    return isinstance(caches["default"], RedisCache)


_TABLE = "portal_sharedcounter"
_UPSERT = (
    f"INSERT INTO {_TABLE} (key, count, expires_at) VALUES (%s, 1, %s) "
    f"ON CONFLICT (key) DO UPDATE SET "
    f"count = CASE WHEN {_TABLE}.expires_at <= %s THEN 1 ELSE {_TABLE}.count + 1 END, "
    f"expires_at = CASE WHEN {_TABLE}.expires_at <= %s "
    f"THEN excluded.expires_at ELSE {_TABLE}.expires_at END "
    "RETURNING count"
)


def _count_in_database(key, period):
    now = time.time()
    try:
        with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
            cursor.execute(_UPSERT, [key, now + period + 1, now, now])
            (count,) = cursor.fetchone()
            if random.random() < 0.01:  # now and then, forget the windows that are over
                cursor.execute(f"DELETE FROM {_TABLE} WHERE expires_at < %s", [now])
    except DatabaseError as error:
        raise CacheUnavailable(str(error)) from error
    return count


def _read_in_database(key):
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                f"SELECT count FROM {_TABLE} WHERE key = %s AND expires_at > %s",
                [key, time.time()],
            )
            found = cursor.fetchone()
    except DatabaseError as error:
        raise CacheUnavailable(str(error)) from error
    return found[0] if found else 0


def _count_one(key, period):
    if not _shared_in_cache():
        return _count_in_database(key, period)
    if cache.add(key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period + 1)
        return 1


def hit(scope, identity, limit, period):
    """Count one attempt; return True while `identity` has made at most `limit` in `period` s.

    True as well when nothing can be counted (see the module's docstring).
    """
    key = _key(scope, identity, int(time.time() // period))
    try:
        return _count_one(key, period) <= limit
    except CacheUnavailable:
        logger.warning("rate limit %s not counted: cache unavailable", scope)
        return True


def count(scope, identity, period):
    """How many attempts `identity` made in the current window, without counting one.

    UNKNOWN (above every threshold) when the counter store is unreachable.
    """
    key = _key(scope, identity, int(time.time() // period))
    get = getattr(cache, "get_strict", cache.get) if _shared_in_cache() else None
    try:
        return get(key, 0) if get else _read_in_database(key)
    except CacheUnavailable:
        return UNKNOWN


def first_time(scope, identity, period):
    """True the first time `identity` is seen in `scope` during `period` seconds (a sliding
    window from that first time); False again after, and while nothing can be counted."""
    key = _key(scope, identity, "once")
    try:
        if not _shared_in_cache():
            return _count_in_database(key, period) == 1
        return bool(cache.add(key, 1, timeout=period))
    except CacheUnavailable:
        return False


def is_limited(request, scope, limit, period):
    """Count this request against `scope` for its client IP; True when over the limit,
    and while nothing can be counted (lookups are refused rather than left unguarded)."""
    key = _key(scope, client_ip(request), int(time.time() // period))
    try:
        return _count_one(key, period) > limit
    except CacheUnavailable:
        logger.warning("rate limit %s refused: cache unavailable", scope)
        return True

"""The one rate limiter for public forms and lookups: a fixed-window counter in the cache.

With Redis as the cache (production) the count is shared by all app servers and
the increment is atomic; the local-memory cache counts per process.

When the counter store is unreachable (Redis down, portal.cache) the limits fail safe:
`count` answers UNKNOWN, larger than any threshold, so public forms ask everyone for the
captcha; `hit` lets the attempt through (the captcha guards it, nothing is refused for
want of counting); `is_limited`, used where guessing is the threat (lookups by number
and code), refuses until counting works again.
"""

import hashlib
import logging
import sys
import time

from django.conf import settings
from django.core.cache import cache

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
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def _count_one(key, period):
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
    get = getattr(cache, "get_strict", cache.get)
    try:
        return get(key, 0)
    except CacheUnavailable:
        return UNKNOWN


def is_limited(request, scope, limit, period):
    """Count this request against `scope` for its client IP; True when over the limit,
    and while nothing can be counted (lookups are refused rather than left unguarded)."""
    key = _key(scope, client_ip(request), int(time.time() // period))
    try:
        return _count_one(key, period) > limit
    except CacheUnavailable:
        logger.warning("rate limit %s refused: cache unavailable", scope)
        return True

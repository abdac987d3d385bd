"""The one rate limiter for public forms and lookups: a fixed-window counter in the cache.

With Redis as the cache (production) the count is shared by all app servers and
the increment is atomic; the local-memory cache counts per process.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


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


def hit(scope, identity, limit, period):
    """Count one attempt; return True while `identity` has made at most `limit` in `period` s."""
    window = int(time.time() // period)
    key = _key(scope, identity, window)
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=period + 1)
            count = 1
    return count <= limit


def count(scope, identity, period):
    """How many attempts `identity` made in the current window, without counting one."""
    window = int(time.time() // period)
    return cache.get(_key(scope, identity, window), 0)


def is_limited(request, scope, limit, period):
    """Count this request against `scope` for its client IP; True when over the limit."""
    return not hit(scope, client_ip(request), limit, period)

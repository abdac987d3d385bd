"""The site's page cache: whole anonymous pages, stored compressed, served with no SQL.

Apps declare in `AppConfig.ready()` which views are cacheable and which models are
public content:

    pagecache.cacheable("articles:detail", max_age=300)
    pagecache.cacheable("articles:channel", max_age=60, params=("page",))
    pagecache.watch(Article)                      # every save/delete bumps the generation
    pagecache.register_schedule(next_publish_time)  # when content changes by itself

Correctness rests on two rules instead of tracking which page shows what:

- **Generation.** One site-wide number, bumped on every save or delete of public content
  (and on commit, so a page rendered from the old rows during the transaction is never kept).
  An entry of an older generation is a miss, so an edit shows on the next request.
- **Schedule.** An entry never outlives the next moment when content changes without a save
  (a scheduled publish or take-down time, a magazine issue's date, mourning start/end): each
  app registers a function `next_change(after) -> datetime | None`; the earliest answer is
  computed once per generation and caps every entry's lifetime. No cron job needed.

A request is served from the cache only when it carries neither a session cookie (staff,
readers who just sent a form) nor a flash message; an entry is stored only for a declared
view, a 200, no cookie set and no CSRF token used, so nothing personal is ever cached.
The same entry gives ETag/Last-Modified (304 on a repeat) and the `Cache-Control` that the
front server (deploy/nginx.conf) and a CDN honour.
"""

import gzip
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.http import http_date, parse_http_date_safe

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

GEN_KEY = "pagecache:generation"
NEXT_KEY = "pagecache:next-change"
PAGE_PREFIX = "pagecache:page:"
MEMO_PREFIX = "pagecache:memo:"

# Response headers that belong to one response, not to the cached page.
_UNSTORED = {
    "set-cookie",
    "vary",
    "date",
    "content-length",
    "content-encoding",
    "cache-control",
    "expires",
    "last-modified",
    "etag",
    "content-language",
    "x-page-cache",
}


@dataclass(frozen=True)
class Policy:
    max_age: int  # what browsers may keep (capped by the entry's remaining lifetime)
    params: tuple  # query parameters that still make a cacheable URL
    when: object  # callable(request) -> bool, or None


@dataclass(frozen=True)
class Entry:
    generation: int
    expires: float  # epoch seconds
    stored: float
    status: int
    headers: tuple
    body: bytes  # gzip
    etag: str
    max_age: int


_policies: dict[str, Policy] = {}
_schedules: list = []


# --- declarations (from AppConfig.ready) -------------------------------------------------


def cacheable(view_name, *, max_age, params=(), when=None):
    """Let the page cache keep anonymous GET responses of the view named `view_name`.

    `params`: the query parameters under which the page is still cached (others, such as
    random cache-busters, are served fresh so that they cannot flood the cache).
    `when(request)`: an extra condition (search: only a query's first page).
    """
    _policies[view_name] = Policy(max_age, tuple(params), when)


def watch(model, *, condition=None):
    """Bump the generation whenever `model` is saved or deleted (or its m2m changes).

    `condition(instance, created)` can leave out changes readers cannot see (a reader's
    new message awaiting moderation), so that the public cannot empty the cache.
    """

    def changed(sender, instance=None, created=False, **kwargs):
        if condition is None or instance is None or condition(instance, created):
            bump()

    uid = f"pagecache-{model._meta.label_lower}"
    # weak=False: `changed` is a closure that nothing else keeps alive.
    post_save.connect(changed, sender=model, dispatch_uid=uid + "-save", weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=uid + "-delete", weak=False)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"{uid}-{field.name}", weak=False)


def register_schedule(func):
    """`func(after)` returns the next datetime after `after` at which public content changes
    by itself (a publish time arriving), or None."""
    if func not in _schedules:
        _schedules.append(func)


# --- generation -------------------------------------------------------------------------


def _seed():
    # Microseconds: larger than any earlier generation even if the counter was evicted.
    return time.time_ns() // 1000


def _incr():
    try:
        try:
            cache.incr(GEN_KEY)
        except ValueError:
            cache.add(GEN_KEY, _seed(), timeout=None)
            cache.incr(GEN_KEY)
    except CacheUnavailable:
        # Redis is away: nothing is served from it now; what it still holds when it comes
        # back expires within PAGE_CACHE_SECONDS (or sooner, on the next save).
        logger.warning("page cache: Redis unreachable, generation not bumped")


def bump(**kwargs):
    """Make every cached page and fragment stale: now, and again once the change commits
    (a request that read the old rows between the two cannot keep its page)."""
    _incr()
    transaction.on_commit(_incr)


def generation():
    """The current content generation, or None while the cache cannot be reached."""
    gen = cache.get(GEN_KEY)
    if gen is None:
        try:
            cache.add(GEN_KEY, _seed(), timeout=None)
        except CacheUnavailable:
            return None
        gen = cache.get(GEN_KEY)
    return gen


def next_change(gen, after):
    """Epoch seconds of the next scheduled change after `after` (inf if none known).

    Computed once per generation (one small query per registered schedule), then read
    from the cache while it lies in the future.
    """
    known = cache.get(NEXT_KEY)
    if known and known[0] == gen and known[1] <= after < known[2]:
        return known[2]
    moment = datetime.fromtimestamp(after, UTC)
    times = [t for t in (func(moment) for func in _schedules) if t is not None]
    result = min(t.timestamp() for t in times) if times else float("inf")
    cache.set(NEXT_KEY, (gen, after, result), timeout=None)
    return result


def _lifetime(seconds, gen, started):
    return min(started + seconds, next_change(gen, started))


def memo(name, build, timeout, *, scheduled=False):
    """`build()`'s value, cached until the generation changes or `timeout` passes (for
    fragments every page shares: navigation, footer, most read). With `scheduled`, also
    until the next scheduled change: for values that depend on the time (`published()`)."""
    key = MEMO_PREFIX + name
    found = cache.get_many([GEN_KEY, key])
    gen, entry = found.get(GEN_KEY), found.get(key)
    now = time.time()
    if entry is not None and gen is not None and entry[0] == gen and now < entry[1]:
        return entry[2]
    gen = gen if gen is not None else generation()
    value = build()
    if gen is None:
        return value  # no cache to keep it in
    expires = _lifetime(timeout, gen, now) if scheduled else now + timeout
    cache.set(key, (gen, expires, value), timeout=max(1, int(expires - now) + 1))
    return value


# --- the middleware ---------------------------------------------------------------------


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _bypass(request):
    """Requests that may be personal: never served from the cache, never stored."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
        or request.path.startswith("/" + settings.ADMIN_URL)
    )


def _key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def public_cache_control(max_age):
    front = getattr(settings, "FRONT_CACHE_SECONDS", 1)
    swr = getattr(settings, "STALE_WHILE_REVALIDATE_SECONDS", 30)
    shared = min(front, max_age)
    return f"public, max-age={max_age}, s-maxage={shared}, stale-while-revalidate={swr}"


def _serve(request, entry, hit):
    now = time.time()
    max_age = max(0, min(entry.max_age, int(entry.expires - now)))
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    match = request.META.get("HTTP_IF_NONE_MATCH")
    if (match and entry.etag in [t.strip() for t in match.split(",")]) or (
        not match and since is not None and since >= int(entry.stored)
    ):
        response = HttpResponseNotModified()
    else:
        if _accepts_gzip(request):
            response = HttpResponse(entry.body, status=entry.status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(entry.body), status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.stored)
    response["Cache-Control"] = public_cache_control(max_age)
    response["Vary"] = "Accept-Encoding"
    response["X-Page-Cache"] = "HIT" if hit else "MISS"
    return response


def _storable(request, response):
    match = getattr(request, "resolver_match", None)
    policy = _policies.get(match.view_name) if match else None
    if policy is None or request.method != "GET" or response.status_code != 200:
        return None
    if response.streaming or response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return None
    if response.has_header("Cache-Control") or response.has_header("Content-Encoding"):
        return None  # the view decided itself (never_cache, private, ...)
    if any(name not in policy.params for name in request.GET):
        return None
    if policy.when is not None and not policy.when(request):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return policy


class PageCacheMiddleware:
    """Serve declared pages from the cache; store them compressed once (see module docs).

    Sits after WhiteNoise and before the session middleware: a hit runs no view, no
    session and no query. Every other response that set no Cache-Control itself gets
    `private, no-store`, so that no shared cache keeps a page that may be personal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.time()
        seconds = _seconds()
        key = None
        if seconds > 0 and request.method in ("GET", "HEAD") and not _bypass(request):
            try:
                key = _key(request)
            except DisallowedHost:
                key = None
            if key is not None:
                found = cache.get_many([GEN_KEY, key])
                entry = found.get(key)
                gen = found.get(GEN_KEY)
                if (
                    entry is not None
                    and gen is not None
                    and entry.generation == gen
                    and started < entry.expires
                ):
                    return _serve(request, entry, hit=True)
        response = self.get_response(request)
        if request.method == "POST" and request.path.startswith("/" + settings.ADMIN_URL):
            # Bulk actions change rows with QuerySet.update(), which sends no signal:
            # any change made in the admin makes cached pages stale.
            bump()
        if key is not None:
            policy = _storable(request, response)
            entry = self._store(key, response, policy, started, seconds) if policy else None
            if entry is not None:
                return _serve(request, entry, hit=False)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _store(key, response, policy, started, seconds):
        # The generation as of the start of the request: a save during rendering makes
        # this entry stale at once, never the other way round.
        gen = generation()
        if gen is None:  # the cache is unreachable: serve the page as it is
            return None
        body = response.content
        expires = _lifetime(seconds, gen, started)
        entry = Entry(
            generation=gen,
            expires=expires,
            stored=started,
            status=response.status_code,
            headers=tuple(
                (name, value) for name, value in response.items() if name.lower() not in _UNSTORED
            ),
            body=gzip.compress(body, compresslevel=6, mtime=0),
            etag=f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()[:20]}"',
            max_age=policy.max_age,
        )
        if expires > time.time():
            cache.set(key, entry, timeout=max(1, int(expires - time.time()) + 1))
        return entry


# Text types worth compressing; images, PDFs and ranges are left alone.
_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH padding) for text responses only, for sites
    served without the front server; cached pages arrive compressed already."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.status_code == 206 or not content_type.startswith(_COMPRESSIBLE):
            return response
        return super().process_response(request, response)

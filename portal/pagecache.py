"""The site's page cache: whole anonymous pages, stored compressed, served with no SQL.

Apps declare in `AppConfig.ready()` which views are cacheable and which models are
public content:

    pagecache.cacheable("articles:detail", max_age=300)
    pagecache.cacheable("articles:channel", max_age=60, params=("page",))
    pagecache.watch(Article)                      # every save/delete bumps the generation
    pagecache.register_schedule(next_publish_time)  # when content changes by itself

Correctness rests on two rules instead of tracking which page shows what:

- **Generation.** One site-wide number that every process sees alike (portal.generation),
  bumped on every save or delete of public content. An entry is stored under the generation
  read at the start of its request; an entry of another generation is a miss, so an edit
  shows on the next request of every worker and every app server.
- **Schedule.** An entry never outlives the next moment when content changes without a save
  (a scheduled publish or take-down time, a magazine issue's date, mourning start/end): each
  app registers a function `next_change(after) -> datetime | None`; the earliest answer is
  computed once per generation and caps every entry's lifetime. No cron job needed.

A request is served from the cache only when it carries neither a session cookie (staff,
readers who just sent a form) nor a flash message; an entry is stored only for a declared
view, a 200, no cookie set and no CSRF token used, so nothing personal is ever cached.
Only canonical URLs are stored (declared parameters, page numbers as the site writes
them); pages of free text (a search) live in a bounded space of their own.
The same entry gives ETag/Last-Modified (304 on a repeat) and the `Cache-Control` that the
front server (deploy/nginx.conf) and a CDN honour.
"""

import gzip
import hashlib
import logging
import time
import zlib
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.http import http_date, parse_http_date_safe

from . import generation as generations

logger = logging.getLogger(__name__)

NEXT_KEY = "pagecache:next-change"
PAGE_PREFIX = "pagecache:page:"
MEMO_PREFIX = "pagecache:memo:"
# Free-text pages (a search's `q`) go to this cache alias: local memory of a fixed size in
# every process, keyed by the shared generation, so no stream of distinct queries can push
# the home page or an article out of the shared cache.
BOUNDED_ALIAS = "pagecache-bounded"
# Query parameters that number pages: only their canonical spelling is stored ("2", never
# "02", "+2" or "1", which is the page without the parameter).
PAGE_PARAMS = ("page", "p")

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
    free_text: tuple  # parameters holding what readers type: such pages go to BOUNDED_ALIAS


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


def cacheable(view_name, *, max_age, params=(), when=None, free_text=()):
    """Let the page cache keep anonymous GET responses of the view named `view_name`.

    `params`: the query parameters under which the page is still cached (others, such as
    random cache-busters, are served fresh so that they cannot flood the cache).
    `when(request)`: an extra condition (search: only a query's first page).
    `free_text`: those of `params` that readers type freely (`q`); pages with one go to a
    bounded space of their own (BOUNDED_ALIAS).
    """
    _policies[view_name] = Policy(max_age, tuple(params), when, tuple(free_text))


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


# --- generation (portal.generation) ------------------------------------------------------


def bump(**kwargs):
    """Make every cached page and fragment stale, in every process (portal.generation)."""
    generations.bump()


def generation():
    """The current content generation, or None while it cannot be read (Redis away)."""
    return generations.read()


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


# Per request (PageCacheMiddleware): the memo values it has fetched, by name.
_request_memo = ContextVar("pagecache_request_memo", default=None)


def memo(name, build, timeout, *, scheduled=False):
    """`build()`'s value, cached until the generation changes or `timeout` passes (for
    fragments every page shares: navigation, footer, most read). With `scheduled`, also
    until the next scheduled change: for values that depend on the time (`published()`).

    The value is kept under the generation read at the start of the request, so a process's
    local memory holds it only as long as every process agrees it is current."""
    gen = generations.current()
    if gen is None:
        return build()  # no shared generation to keep it under: never stale, never kept
    now = time.time()
    # A page asks for the same value several times (the channel tree, five times on a
    # channel page): within a request it is fetched and unpickled once.
    seen = _request_memo.get()
    entry = seen.get(name) if seen is not None else None
    if entry is not None and entry[0] == gen and now < entry[1]:
        return entry[2]
    key = MEMO_PREFIX + name
    entry = cache.get(key)
    if entry is None or entry[0] != gen or now >= entry[1]:
        value = build()
        expires = _lifetime(timeout, gen, now) if scheduled else now + timeout
        entry = (gen, expires, value)
        cache.set(key, entry, timeout=max(1, int(expires - now) + 1))
    if seen is not None:
        seen[name] = entry
    return entry[2]


# --- the middleware ---------------------------------------------------------------------


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _bypass(request):
    """Requests that may be personal: never served from the cache, never stored."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
        or getattr(settings, "PRIMARY_PIN_COOKIE_NAME", "pin") in cookies
        or request.path.startswith("/" + settings.ADMIN_URL)
    )


def _canonical_page_number(value):
    """'2', '17': a page number as the site writes it. Not '1' (the page without the
    parameter), '01', '+2', ' 2' or '²'."""
    return value.isascii() and value.isdigit() and value[0] != "0" and value != "1"


@lru_cache(maxsize=2048)
def _view_name(resolver, path):
    """The name of the view `path` resolves to (None: no view).

    Resolving walks every URL pattern before the match (the admin's come first) and was a
    tenth of a cache hit's time. The answer depends only on the path and the URLconf, so
    each process keeps the latest ones; another URLconf (tests set one) is another
    resolver, hence another key."""
    try:
        return resolver.resolve(path).view_name
    except Resolver404:
        return None


def _policy_for(request):
    """The view's policy when `request` may be served from or stored in the cache: a
    declared view, and a canonical URL (only declared parameters, each once, page numbers
    spelled the site's way). Anything else is served fresh and never stored."""
    policy = _policies.get(_view_name(get_resolver(get_urlconf()), request.path_info))
    if policy is None:
        return None
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in policy.params or len(values) != 1:
            return None
        if name in PAGE_PARAMS and not _canonical_page_number(values[0]):
            return None
    if policy.when is not None and not policy.when(request):
        return None
    return policy


def _variant(request):
    """The reader's display choices that the server renders (elder mode): part of the key."""
    names = getattr(settings, "PAGE_CACHE_VARIANT_COOKIES", ())
    return "&".join(f"{name}={request.COOKIES.get(name, '')[:8]}" for name in names)


def _key(request):
    query = "&".join(f"{name}={request.GET[name]}" for name in sorted(request.GET))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}#{_variant(request)}"
    return PAGE_PREFIX + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _store_for(policy, request):
    """The shared cache, or for pages of free text the bounded one (see BOUNDED_ALIAS)."""
    if any(request.GET.get(name) for name in policy.free_text):
        return caches[BOUNDED_ALIAS]
    return cache


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
            # One gzip member, written by _store: zlib reads it without gzip's framing code.
            response = HttpResponse(zlib.decompress(entry.body, wbits=31), status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        if request.method == "HEAD":
            response.content = b""  # the headers of the GET (its Content-Length too), no body
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.stored)
    response["Cache-Control"] = public_cache_control(max_age)
    response["Vary"] = "Accept-Encoding"
    response["X-Page-Cache"] = "HIT" if hit else "MISS"
    return response


def _shareable(request, response):
    """Whether a response could be the same for every reader: an anonymous GET or HEAD
    that set no cookie and used no CSRF token."""
    if request.method not in ("GET", "HEAD") or _bypass(request):
        return False
    if response.streaming or response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _storable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if response.streaming or response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    if response.has_header("Cache-Control") or response.has_header("Content-Encoding"):
        return False  # the view decided itself (never_cache, private, ...)
    if generations.wrote_in_request():
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """Serve declared pages from the cache; store them compressed once (see module docs).

    Sits after WhiteNoise and before the session middleware: a hit runs no view, no
    session and no query beyond reading the generation. Every other response that set no
    Cache-Control itself gets `private, no-store`, so that no shared cache keeps a page that
    may be personal. HEAD is answered exactly as GET, without the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = generations.begin_request()
        memo_token = _request_memo.set({})
        try:
            return self._respond(request)
        finally:
            _request_memo.reset(memo_token)
            generations.end_request(tokens)

    def _respond(self, request):
        started = time.time()
        seconds = _seconds()
        key = policy = gen = store = None
        if seconds > 0 and request.method in ("GET", "HEAD") and not _bypass(request):
            policy = _policy_for(request)
            if policy is not None:
                try:
                    key = _key(request)
                except DisallowedHost:
                    key = None
            if key is not None:
                store = _store_for(policy, request)
                # The generation as of the start of the request: what this request renders
                # is stored under it, so a save during rendering leaves the entry stale.
                gen, entry = generations.read_with(key, store)
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
        if key is not None and gen is not None and _storable(request, response):
            entry = self._store(store, key, response, policy, gen, started, seconds)
            if entry is not None:
                return _serve(request, entry, hit=False)
        if not response.has_header("Cache-Control"):
            if response.status_code in (404, 410) and _shareable(request, response):
                # The front server must be able to replace a page it holds with its 404
                # (a withdrawn article): kept as long as its pages, FRONT_CACHE_SECONDS.
                front = getattr(settings, "FRONT_CACHE_SECONDS", 1)
                response["Cache-Control"] = f"public, max-age=0, s-maxage={front}"
            else:
                response["Cache-Control"] = "private, no-store"
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response

    @staticmethod
    def _store(store, key, response, policy, gen, started, seconds):
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
            store.set(key, entry, timeout=max(1, int(expires - time.time()) + 1))
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
        if "X-Page-Cache" in response:
            return response  # served by the page cache, which chose the encoding and Vary
        content_type = response.get("Content-Type", "")
        if response.status_code == 206 or not content_type.startswith(_COMPRESSIBLE):
            return response
        return super().process_response(request, response)

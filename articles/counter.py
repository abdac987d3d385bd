"""View counting that survives page caching and load.

A page may come from the site's cache or the front server, so the page request itself
counts nothing (and writes nothing). The article page's script (static/js/article.js) sends
a beacon to `POST /articles/<pk>/view/`, which calls `record()` and answers the current
figure; crawlers, which run no script, are not counted.

- With Redis (`REDIS_URL`): `HINCRBY` on one hash field per (article, day), so 2,000 views
  a second on one article never wait on a database row lock. Whichever request finds the
  last flush older than `VIEW_FLUSH_SECONDS` (a `SET NX EX` lock) moves the hash aside
  with an atomic RENAME and writes it in one transaction: one UPDATE for the articles'
  totals and one upsert into the per-day table. No cron job.
- Without Redis: one UPDATE (plus the day's upsert) per view, in one transaction.

Per-day counts (`ArticleDailyViews`) feed the 点击排行 list (`mostread.most_read()`).
"""

import threading
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from .models import Article, ArticleDailyViews

_local = threading.local()


def _redis():
    """A redis client when REDIS_URL is set (one per thread), else None."""
    url = settings.REDIS_URL
    if not url:
        return None
    client = getattr(_local, "client", None)
    if client is None or _local.url != url:
        import redis

        client = redis.Redis.from_url(url)
        _local.client, _local.url = client, url
    return client


def _keys():
    prefix = settings.VIEW_COUNTER_PREFIX
    return prefix + ":pending", prefix + ":flushing", prefix + ":flush-lock"


def record(pk, *, count=True):
    """Count one view of the visible article `pk` (unless `count` is false: a reader seen
    already); return the figure to show, or None if there is no such visible article."""
    base = Article.objects.published().filter(pk=pk).values_list("view_count", flat=True).first()
    if base is None:
        return None
    if not count:
        return base + _pending(pk)
    today = timezone.localdate()
    client = _redis()
    if client is not None:
        import redis

        pending_key, _flushing, lock_key = _keys()
        try:
            pending = client.hincrby(pending_key, f"{pk}:{today.isoformat()}", 1)
        except redis.RedisError:
            pending = None  # Redis is away: count in the database instead, as without it
        if pending is not None:
            try:
                if client.set(lock_key, 1, nx=True, ex=max(1, settings.VIEW_FLUSH_SECONDS)):
                    flush()
            except redis.RedisError:
                pass  # counted in Redis already; a later request flushes it
            return base + pending
    with transaction.atomic():
        Article.objects.filter(pk=pk).update(view_count=F("view_count") + 1)
        _add_daily({(pk, today): 1})
    return base + 1


def _pending(pk):
    """Views of `pk` counted in Redis today and not yet written to the database."""
    client = _redis()
    if client is None:
        return 0
    import redis

    pending_key, _flushing, _lock = _keys()
    try:
        value = client.hget(pending_key, f"{pk}:{timezone.localdate().isoformat()}")
    except redis.RedisError:
        return 0
    return int(value or 0)


def flush():
    """Write the views counted in Redis to the database. Returns how many were written.

    A batch left by a flush that died half-way is written first; the RENAME makes the
    hand-over atomic, so each view lands in exactly one batch.
    """
    client = _redis()
    if client is None:
        return 0
    pending_key, flushing_key, _lock = _keys()
    if not client.exists(flushing_key):
        import redis

        try:
            client.renamenx(pending_key, flushing_key)
        except redis.ResponseError:  # "no such key": nothing pending
            return 0
    counts = {}
    for field, value in client.hgetall(flushing_key).items():
        pk, _sep, day = field.decode().partition(":")
        counts[(int(pk), date.fromisoformat(day))] = int(value)
    if counts:
        totals = {}
        for (pk, _day), n in counts.items():
            totals[pk] = totals.get(pk, 0) + n
        with transaction.atomic():
            Article.objects.filter(pk__in=list(totals)).update(
                view_count=F("view_count")
                + Case(*(When(pk=pk, then=Value(n)) for pk, n in totals.items()), default=0)
            )
            _add_daily(counts)
    client.delete(flushing_key)
    return sum(counts.values())


def _add_daily(counts):
    """Add {(article pk, day): views} to the per-day table (one upsert, SQLite or PostgreSQL)."""
    table = connection.ops.quote_name(ArticleDailyViews._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, %s) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + excluded.views",
            [(pk, day, n) for (pk, day), n in counts.items()],
        )

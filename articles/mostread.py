"""The 点击排行 (most read) list: the top articles by views over the last 30 days, from the
per-day counts that `articles.counter` records."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import (
    Sum,
)
from django.utils import timezone

from portal import pagecache

from .models import (
    Article,
    ArticleDailyViews,
)

MOST_READ_DAYS = 30
MOST_READ_SHOWN = 10
MOST_READ_RANKING_KEY = "articles:most-read-ranking:v1"
# The ranking (a sum over 30 days of per-day counts) is recomputed at most this often;
# the list shown is rebuilt from it (one small query) whenever content changes.
MOST_READ_RANKING_SECONDS = 10 * 60


@dataclass(frozen=True)
class MostRead:
    title: str
    url: str
    views: int


def _most_read_ranking():
    """[(article pk, views in the last 30 days)], best first, a few more than shown.

    Bounded: an index range scan over 30 days of the per-day table, grouped, top 3×10."""
    # Views, not content: kept per 10-minute window, a key every process computes alike.
    window = int(time.time() // MOST_READ_RANKING_SECONDS)
    key = f"{MOST_READ_RANKING_KEY}:{window}"
    ranking = cache.get(key)
    if ranking is None:
        since = timezone.localdate() - timedelta(days=MOST_READ_DAYS - 1)
        ranking = list(
            ArticleDailyViews.objects.filter(day__gte=since)
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")
            .values_list("article_id", "total")[: MOST_READ_SHOWN * 3]
        )
        cache.set(key, ranking, MOST_READ_RANKING_SECONDS)
    return ranking


def most_read():
    """The 点击排行 list: top 10 visible articles by views in the last 30 days.

    No query once warm; after a change of content, one query (which of the ranked
    articles are still visible), so a withdrawn article leaves the list at once."""

    def build():
        ranking = _most_read_ranking()
        if not ranking:
            return []
        titles = dict(
            Article.objects.published()
            .filter(pk__in=[pk for pk, _views in ranking])
            .values_list("pk", "title")
        )
        return [
            MostRead(titles[pk], Article(pk=pk).get_absolute_url(), views)
            for pk, views in ranking
            if pk in titles
        ][:MOST_READ_SHOWN]

    return pagecache.memo("articles:most-read", build, MOST_READ_RANKING_SECONDS, scheduled=True)

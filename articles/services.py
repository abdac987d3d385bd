"""Read- and write-side helpers of the articles app shared by views, admin and templates."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from django.core.cache import cache
from django.db.models import CharField, Exists, Min, OuterRef, Q, Sum, Value
from django.utils import timezone

from portal import pagecache

from .models import Article, ArticleDailyViews, ArticleTag, ChannelTree, HomeBlock, Topic

NOTICES_SLUG = "notices"
NOTICES_KEY = "articles:notices:v1"
# The ticker caches every notice that will be visible before the entry expires, with its
# publish time, and filters by the current time when it renders (see notices()).
NOTICES_TIMEOUT = 10 * 60
NOTICES_SHOWN = 5


@dataclass(frozen=True)
class Notice:
    title: str
    url: str
    publish_at: datetime


def invalidate_article_caches():
    """Forget what was derived from articles (the notices ticker, cached pages)."""
    cache.delete(NOTICES_KEY)
    pagecache.bump()


def next_visibility_change(after):
    """The next moment after `after` when `published()` changes by itself: the earliest
    future publish time (and take-down time, where articles have one). For the page cache."""
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED)
    times = [
        scheduled.filter(**{f"{name}__gt": after}).aggregate(at=Min(name))["at"]
        for name in ("publish_at", "offline_at")
        if any(field.name == name for field in Article._meta.concrete_fields)
    ]
    times = [t for t in times if t is not None]
    return min(times) if times else None


def notices():
    """The latest visible notices; no query while the cache entry lives.

    Scheduled notices must appear on time without a job, so the cached candidates are
    `published(at=expiry)`: everything that becomes visible before the entry expires.
    Each render keeps only those whose publish time has passed.
    """
    candidates = cache.get(NOTICES_KEY)
    if candidates is None:
        expiry = timezone.now() + timedelta(seconds=NOTICES_TIMEOUT)
        channel = ChannelTree.get().by_slug.get(NOTICES_SLUG)
        candidates = []
        if channel is not None:
            rows = (
                Article.objects.published(at=expiry)
                .in_channel(channel)
                .order_by("-publish_at", "-id")
                .values_list("pk", "title", "publish_at")[: NOTICES_SHOWN + 20]
            )
            candidates = [
                Notice(title, Article(pk=pk).get_absolute_url(), publish_at)
                for pk, title, publish_at in rows
            ]
        cache.set(NOTICES_KEY, candidates, NOTICES_TIMEOUT)
    now = timezone.now()
    return [notice for notice in candidates if notice.publish_at <= now][:NOTICES_SHOWN]


def _union_of_ids(sliced):
    """One subquery of the ids of several sliced `values("pk")` querysets: a UNION ALL of
    small index scans (an OR of IN clauses would make PostgreSQL scan every article)."""
    parts = [Article.objects.filter(pk__in=part).values("pk").order_by() for part in sliced]
    return parts[0].union(*parts[1:], all=True)


def around(article, limit=5):
    """(previous, next, related) of an article, in one query.

    previous/next: the visible articles just before and after it in its channel, by
    publish time; related: up to `limit` visible articles sharing a topic or a tag, newest
    first. Each part is a small subquery on an index (LIMIT 1, 1 and `limit`), labelled,
    and one UNION ALL fetches the three. EXISTS instead of a join for "shares a topic or
    tag": no DISTINCT over every article of a frequent tag.
    """
    visible = Article.objects.published()
    same_channel = visible.filter(channel_id=article.channel_id)
    earlier = Q(publish_at__lt=article.publish_at) | Q(
        publish_at=article.publish_at, pk__lt=article.pk
    )
    later = Q(publish_at__gt=article.publish_at) | Q(
        publish_at=article.publish_at, pk__gt=article.pk
    )
    parts = {
        "previous": same_channel.filter(earlier).order_by("-publish_at", "-pk")[:1],
        "next": same_channel.filter(later).order_by("publish_at", "pk")[:1],
    }
    topic_ids = [topic.pk for topic in article.topics.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    if topic_ids or tag_ids:
        shares_topic = Article.topics.through.objects.filter(
            article_id=OuterRef("pk"), topic_id__in=topic_ids
        )
        shares_tag = ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        parts["related"] = (
            visible.filter(Q(Exists(shares_topic)) | Q(Exists(shares_tag)))
            .exclude(pk=article.pk)
            .order_by("-publish_at", "-pk")[:limit]
        )
    labelled = [
        Article.objects.filter(pk__in=part.values("pk"))
        .annotate(part=Value(name, output_field=CharField()))
        .values_list("pk", "title", "publish_at", "part")
        .order_by()
        for name, part in parts.items()
    ]
    found = {"previous": None, "next": None, "related": []}
    for pk, title, publish_at, name in labelled[0].union(*labelled[1:], all=True):
        item = Article(pk=pk, title=title, publish_at=publish_at)
        if name == "related":
            found["related"].append(item)
        else:
            found[name] = item
    found["related"].sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
    return found["previous"], found["next"], found["related"]


def qr_svg(url):
    """An inline SVG QR code of `url`, made by the site (cached: the same URL, the same code)."""
    key = "articles:qr:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
        cache.set(key, svg, 60 * 60 * 24)
    return svg


def home_blocks(now=None):
    """The editors' home page blocks with their latest articles: two queries in all.

    The cost must not grow with the number of articles. So the article query asks,
    for each channel that some block covers, only for that channel's latest visible
    articles (`LIMIT n` on the (channel, status, publish_at) index), combines those
    small sets with UNION ALL inside one query, and merges them per block in Python.
    The newest `count` of a subtree are always among the newest `count` of each of
    its channels, so the result is exact; blocks may overlap (a channel and one of
    its sub-channels), each gets its own list.
    """
    tree = ChannelTree.get()
    blocks = [
        block
        for block in HomeBlock.objects.published().order_by("order", "id")
        if block.channel_id in tree.by_id
    ]
    if not blocks:
        return []
    # How many articles each covered channel must supply: the largest count asking for it.
    wanted = {}
    for block in blocks:
        block.channel = tree.by_id[block.channel_id]
        block.articles = []
        block.channel_ids = set(tree.subtree_ids(block.channel_id))
        for channel_id in block.channel_ids:
            wanted[channel_id] = max(wanted.get(channel_id, 0), block.count)
    visible = Article.objects.published(at=now or timezone.now())
    latest_per_channel = [
        Article.objects.filter(
            pk__in=visible.filter(channel_id=channel_id)
            .order_by("-publish_at", "-id")
            .values("pk")[:count]
        )
        .values("pk")
        .order_by()
        for channel_id, count in sorted(wanted.items())
    ]
    candidates = latest_per_channel[0].union(*latest_per_channel[1:], all=True)
    articles = Article.objects.for_lists().filter(pk__in=candidates).order_by("-publish_at", "-id")
    for article in articles:
        for block in blocks:
            if article.channel_id in block.channel_ids and len(block.articles) < block.count:
                block.articles.append(article)
    return blocks


def home_context():
    """Headlines, latest news, blocks and topics of the home page (4 queries).

    Headlines and latest news come from one query: the newest 10 visible articles plus
    the newest 5 visible headlines with a cover. The newest headlines in that set are
    exactly the 5 newest headlines, since any headline among the latest 10 is newer
    than every headline outside it."""
    published = Article.objects.published()
    headline_ids = (
        published.filter(is_pinned=True).exclude(cover="").order_by("-publish_at", "-id")
    ).values("pk")[:5]
    latest_ids = published.order_by("-publish_at", "-id").values("pk")[:10]
    rows = list(
        Article.objects.for_lists()
        .filter(pk__in=_union_of_ids([headline_ids, latest_ids]))
        .order_by("-publish_at", "-id")
    )
    return {
        "headlines": [a for a in rows if a.is_pinned and a.cover][:5],
        "latest": rows[:10],
        "blocks": home_blocks(),
        "topics": list(Topic.objects.published().order_by("order", "-id")[:6]),
    }


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
    ranking = cache.get(MOST_READ_RANKING_KEY)
    if ranking is None:
        since = timezone.localdate() - timedelta(days=MOST_READ_DAYS - 1)
        ranking = list(
            ArticleDailyViews.objects.filter(day__gte=since)
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")
            .values_list("article_id", "total")[: MOST_READ_SHOWN * 3]
        )
        cache.set(MOST_READ_RANKING_KEY, ranking, MOST_READ_RANKING_SECONDS)
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

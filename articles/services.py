"""Read- and write-side helpers of the articles app shared by views, admin and templates."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from .models import Article, ChannelTree, HomeBlock, Topic

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
    """Forget what was derived from articles (the notices ticker)."""
    cache.delete(NOTICES_KEY)


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


def count_view(article):
    """One more view, added in the database (safe under concurrency); returns the new count."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    return article.view_count + 1


def neighbours(article):
    """(previous, next) visible article in the same channel, by publish time."""
    same_channel = (
        Article.objects.published()
        .filter(channel_id=article.channel_id)
        .only("id", "title", "publish_at")
    )
    previous = (
        same_channel.filter(
            Q(publish_at__lt=article.publish_at)
            | Q(publish_at=article.publish_at, pk__lt=article.pk)
        )
        .order_by("-publish_at", "-pk")
        .first()
    )
    following = (
        same_channel.filter(
            Q(publish_at__gt=article.publish_at)
            | Q(publish_at=article.publish_at, pk__gt=article.pk)
        )
        .order_by("publish_at", "pk")
        .first()
    )
    return previous, following


def related(article, limit=5):
    """Up to `limit` visible articles sharing a topic or a tag, newest first (one query)."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not topic_ids and not tag_ids:
        return []
    shared = Q(topics__in=topic_ids) | Q(tags__in=tag_ids)
    ids = (
        Article.objects.published()
        .filter(shared)
        .exclude(pk=article.pk)
        .values("pk", "publish_at")
        .distinct()
        .order_by("-publish_at", "-pk")[:limit]
    )
    return list(
        Article.objects.filter(pk__in=[row["pk"] for row in ids])
        .only("id", "title", "publish_at")
        .order_by("-publish_at", "-pk")
    )


def qr_svg(url):
    """An inline SVG QR code of `url`, made by the site (cached: the same URL, the same code)."""
    key = "articles:qr:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
        cache.set(key, svg, 60 * 60 * 24)
    return svg


def home_blocks(now=None, exclude=()):
    """The editors' home page blocks with their latest articles: two queries in all.

    The cost must not grow with the number of articles. So the article query asks,
    for each channel that some block covers, only for that channel's latest visible
    articles (`LIMIT n` on the (channel, status, publish_at) index), combines those
    small sets with UNION ALL inside one query, and merges them per block in Python.
    The newest `count` of a subtree are always among the newest `count` of each of
    its channels, so the result is exact; blocks may overlap (a channel and one of
    its sub-channels), each gets its own list.

    Articles in `exclude` (the 最新资讯 list above the blocks) are left out, so a reader
    never sees the same story twice on the page; each channel then supplies that many
    more, which keeps the result exact.
    """
    exclude = set(exclude)
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
            wanted[channel_id] = max(wanted.get(channel_id, 0), block.count + len(exclude))
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
        if article.pk in exclude:
            continue
        for block in blocks:
            if article.channel_id in block.channel_ids and len(block.articles) < block.count:
                block.articles.append(article)
    return blocks


def home_context():
    published = Article.objects.published()
    headlines = list(
        published.filter(is_pinned=True)
        .exclude(cover="")
        .for_lists()
        .order_by("-publish_at", "-id")[:5]
    )
    latest = list(published.for_lists().order_by("-publish_at", "-id")[:10])
    topics = list(Topic.objects.published().order_by("order", "-id")[:6])
    return {
        "headlines": headlines,
        "latest": latest,
        "blocks": home_blocks(exclude=[article.pk for article in latest]),
        "topics": topics,
    }


def site_map_context():
    """The channel tree and the topics for the 网站地图 page (slot "site_map"; one query)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    tree = ChannelTree.get()

    def node(channel):
        return {
            "title": channel.name,
            "url": channel.get_absolute_url(),
            "children": [node(child) for child in tree.children(channel.pk)],
        }

    topics = Topic.objects.published().order_by("order", "-id")
    return {
        "sections": [
            {"key": "channels", "title": _("News channels"), "url": None,
             "entries": [node(channel) for channel in tree.roots()]},
            {"key": "topics", "title": _("Special topics"), "url": reverse("articles:topic-list"),
             "entries": [{"title": t.title, "url": t.get_absolute_url()} for t in topics]},
        ]
    }  # fmt: skip

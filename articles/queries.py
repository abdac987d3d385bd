"""The read side of the articles app: what the views and templates show (raw-SQL unions
of short lists, the home page, the notices ticker, an article's extras and neighbours,
the site map, the review queue). Nothing here writes, except that `published()` applies
scheduled changes whose time has come (editorial.review.apply_if_due)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Value,
)
from django.utils import timezone
from taggit.models import Tag

from editorial import review
from portal import pagecache
from portal.chrome import get_chrome
from portal.pagination import DEFERRED_FROM
from portal.prepared import PreparedQuery

from . import desk
from .models import (
    Article,
    ArticleTag,
    Attachment,
    ChannelTree,
    HomeBlock,
    Topic,
)

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
    offline_at: datetime | None = None

    def visible_at(self, moment):
        return self.publish_at <= moment and (self.offline_at is None or self.offline_at > moment)


def next_visibility_change(after):
    """The next moment after `after` when `published()` changes by itself: the earliest
    future publish or take-down time of a published article. For the page cache."""
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED)
    times = [
        scheduled.filter(**{f"{name}__gt": after}).aggregate(at=Min(name))["at"]
        for name in ("publish_at", "offline_at")
    ]
    times = [t for t in times if t is not None]
    return min(times) if times else None


def notices():
    """The latest visible notices; no query while the cache entry lives.

    Scheduled notices must appear and go on time without a job, so the cached candidates
    are everything visible at some moment before the entry expires
    (`published_during(now, expiry)`). Each render keeps those visible now.
    """

    def build():
        now = timezone.now()
        expiry = now + timedelta(seconds=NOTICES_TIMEOUT)
        channel = ChannelTree.get().by_slug.get(NOTICES_SLUG)
        candidates = []
        if channel is not None:
            rows = (
                Article.objects.published_during(now, expiry)
                .in_channel(channel)
                .order_by("-publish_at", "-id")
                .values_list("pk", "title", "publish_at", "offline_at")[: NOTICES_SHOWN + 20]
            )
            candidates = [
                Notice(title, Article(pk=pk).get_absolute_url(), publish_at, offline_at)
                for pk, title, publish_at, offline_at in rows
            ]
        return candidates

    candidates = pagecache.memo("articles:notices", build, NOTICES_TIMEOUT)
    now = timezone.now()
    return [notice for notice in candidates if notice.visible_at(now)][:NOTICES_SHOWN]


def labelled_union_query(parts, columns):
    """One query for several ordered, limited lists of articles: `parts` are
    (label, queryset, limit); the rows are `columns` plus the label. None if no part
    asks for a row.

    PostgreSQL runs (SELECT ... ORDER BY ... LIMIT n) UNION ALL (...): small index scans,
    nothing nested. SQLite takes no LIMIT inside a UNION, so there each part becomes an
    `IN (subquery)` of its ids. Either way the rows come in no particular order: callers
    sort them (tests/articles/test_labelled_union.py runs both forms).
    """
    parts = [(label, query, limit) for label, query, limit in parts if limit > 0]
    if not parts:
        return None
    label = CharField()
    if connections[parts[0][1].db].features.supports_slicing_ordering_in_compound:
        queries = [
            query.annotate(part=Value(name, output_field=label)).values_list(*columns, "part")[:n]
            for name, query, n in parts
        ]
    else:
        queries = [
            Article.objects.filter(pk__in=query.values("pk")[:n])
            .annotate(part=Value(name, output_field=label))
            .values_list(*columns, "part")
            .order_by()
            for name, query, n in parts
        ]
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


def labelled_union(parts, columns):
    """The rows of `labelled_union_query`, built by the ORM now."""
    query = labelled_union_query(parts, columns)
    return [] if query is None else list(query)


# What the lists of the home page show of an article (see articles/_list.html and the
# carousel), in the model's field order, as `Model.from_db` takes them.
LIST_COLUMNS = tuple(
    field.attname
    for field in Article._meta.concrete_fields
    if field.attname in {
        "id", "title", "publish_at", "channel_id", "cover", "cover_small", "cover_medium",
        "cover_large", "headline_position",
    }
)  # fmt: skip
LATEST_SHOWN = 10
NEWEST = ("-publish_at", "-id")


_ID, _PUBLISH_AT, _CHANNEL_ID = (LIST_COLUMNS.index(f) for f in ("id", "publish_at", "channel_id"))


def _newest_first(row):
    return row[_PUBLISH_AT], row[_ID]


class ListRows:
    """Rows of LIST_COLUMNS plus a label, grouped by label, each group newest first. An
    Article instance is made only for a row that is shown (the home page reads ~75 rows
    to show ~35), once per article; channels come from the cached tree, not a join."""

    def __init__(self, rows, labels):
        self.groups = {label: [] for label in labels}
        for row in rows:
            self.groups[row[-1]].append(row[:-1])
        for group in self.groups.values():
            group.sort(key=_newest_first, reverse=True)
        self._tree = ChannelTree.get()
        self._made = {}

    def article(self, row):
        article = self._made.get(row[_ID])
        if article is None:
            article = self._made[row[_ID]] = Article.from_db(None, LIST_COLUMNS, row)
            if article.channel_id in self._tree.by_id:
                article.channel = self._tree.by_id[article.channel_id]
        return article

    def articles(self, label):
        return [self.article(row) for row in self.groups[label]]


def _list_parts(parts):
    """`labelled_union` of list columns, grouped (see `ListRows`)."""
    rows = labelled_union(parts, LIST_COLUMNS)
    return ListRows(rows, [label for label, _query, _limit in parts])


@dataclass(frozen=True)
class ArticleExtras:
    topics: list  # every topic of the article, active or not (see `active`)
    tags: list
    attachments: list


def _extras_query(shape, article_id):
    text, number, flag = CharField(), IntegerField(), BooleanField()

    def rows(queryset, kind, name, slug, order, active):
        return queryset.annotate(
            x_kind=Value(kind, output_field=text),
            x_name=name,
            x_slug=slug,
            x_order=order,
            x_active=active,
        ).values_list("x_kind", "pk", "x_name", "x_slug", "x_order", "x_active")

    topics = rows(
        Topic.objects.filter(articles=article_id).order_by(),
        "topic", F("title"), F("slug"), F("order"), F("active"),
    )  # fmt: skip
    tagged = ArticleTag.objects.filter(content_object_id=article_id).values("tag_id")
    tags = rows(
        Tag.objects.filter(pk__in=tagged).order_by(),
        "tag", F("name"), F("slug"), Value(0, output_field=number), Value(True, output_field=flag),
    )  # fmt: skip
    attachments = rows(
        Attachment.objects.filter(article_id=article_id).order_by(),
        "attachment", F("title"), F("file"), F("order"), Value(True, output_field=flag),
    )  # fmt: skip
    return topics.union(tags, attachments, all=True)


EXTRAS = PreparedQuery(_extras_query)


def article_extras(article):
    """The topics, tags and attachments of one article page, in one UNION ALL query.

    Three prefetches would cost three queries, and taggit's generic one a DISTINCT; the
    rows are the same few columns: kind, id, name, slug (or file), order, active.
    """
    found = {"topic": [], "tag": [], "attachment": []}
    rows = EXTRAS.rows((), article.pk, using=Article.objects.db)
    for kind, pk, name, slug, order, active in rows:
        if kind == "topic":
            values = {"id": pk, "title": name, "slug": slug, "order": order, "active": active}
            found[kind].append(((order, -pk), loaded(Topic, values)))  # as Topic's ordering
        elif kind == "tag":
            found[kind].append(((name, pk), loaded(Tag, {"id": pk, "name": name, "slug": slug})))
        else:
            values = {"id": pk, "article_id": article.pk, "title": name, "file": slug}
            item = loaded(Attachment, {**values, "order": order})
            item.article = article
            found[kind].append(((order, pk), item))
    ordered = {kind: [item for _key, item in sorted(pairs, key=lambda p: p[0])]
               for kind, pairs in found.items()}  # fmt: skip
    return ArticleExtras(ordered["topic"], ordered["tag"], ordered["attachment"])


def loaded(model, values):
    """An instance of `model` as a query loading only the columns in `values` (by attname)
    returns it: `Model.from_db`, so the columns not loaded are deferred fields. A template
    that starts to use one gets the real value (one query more, which the query-budget
    tests notice), never a blank; an unknown name raises."""
    fields = [field.attname for field in model._meta.concrete_fields]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    names = [name for name in fields if name in values]
    return model.from_db(None, names, [values[name] for name in names])


def _around_query(shape, now, channel_id, publish_at, article_id, *ids):
    topic_count, _tag_count, limit, _hidden = shape
    topic_ids, tag_ids = ids[:topic_count], ids[topic_count:]
    visible = Article.objects.published(at=now)
    # The plain bound (publish_at <= / >=) is redundant with the tie-break beside it, but
    # it is what PostgreSQL can start the channel's index scan from (article_channel_list_idx):
    # without it the scan walks the whole channel from its newest article (20 ms at 5,000).
    same_channel = visible.filter(channel_id=channel_id)
    earlier = same_channel.filter(
        Q(publish_at__lt=publish_at) | Q(publish_at=publish_at, pk__lt=article_id),
        publish_at__lte=publish_at,
    )
    later = same_channel.filter(
        Q(publish_at__gt=publish_at) | Q(publish_at=publish_at, pk__gt=article_id),
        publish_at__gte=publish_at,
    )
    parts = [
        ("previous", earlier.order_by("-publish_at", "-pk"), 1),
        ("next", later.order_by("publish_at", "pk"), 1),
    ]
    # Only the EXISTS that can match: an OR with an empty one makes PostgreSQL hash every
    # row of the tags (a hashed subplan) instead of checking the newest articles one by one.
    shares = []
    if topic_ids:
        through = Article.topics.through.objects
        shares.append(Exists(through.filter(article_id=OuterRef("pk"), topic_id__in=topic_ids)))
    if tag_ids:
        tagged = ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        shares.append(Exists(tagged))
    if shares:
        condition = shares[0] if len(shares) == 1 else Q(shares[0]) | Q(shares[1])
        related = visible.filter(condition).exclude(pk=article_id).order_by("-publish_at", "-pk")
        parts.append(("related", related, limit))
    return labelled_union_query(parts, ("pk", "title", "publish_at"))


AROUND = PreparedQuery(_around_query)


def around(article, extras, limit=5):
    """(previous, next, related) of an article, in one query.

    previous/next: the visible articles just before and after it in its channel, by
    publish time; related: up to `limit` visible articles sharing a topic or a tag, newest
    first. Each part is a small subquery on an index (LIMIT 1, 1 and `limit`), labelled,
    and one UNION ALL fetches the three. EXISTS instead of a join for "shares a topic or
    tag": no DISTINCT over every article of a frequent tag.
    """
    topic_ids = [topic.pk for topic in extras.topics]
    tag_ids = [tag.pk for tag in extras.tags]
    shape = (len(topic_ids), len(tag_ids), limit, Article.objects.visibility_shape())
    rows = AROUND.rows(
        shape, timezone.now(), article.channel_id, article.publish_at, article.pk,
        *topic_ids, *tag_ids, using=Article.objects.db,
    )  # fmt: skip
    found = {"previous": None, "next": None, "related": []}
    for pk, title, publish_at, name in rows:
        item = loaded(Article, {"id": pk, "title": title, "publish_at": publish_at})
        if name == "related":
            found["related"].append(item)
        else:
            found[name] = item
    found["related"].sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
    return found["previous"], found["next"], found["related"]


def _home_blocks():
    """The active home blocks, as editors set them: kept with the content generation (a
    save of any block or content makes it anew), like the channel tree. Each use gets its
    own copies (the cache stores them pickled), free to be filled."""

    def build():
        return list(HomeBlock.objects.published().order_by("order", "id"))

    return pagecache.memo("articles:home-blocks", build, settings.CHROME_CACHE_TIMEOUT)


def _home_topics():
    """The home page's strip of special topics (the six first active), kept likewise."""

    def build():
        return list(Topic.objects.published().order_by("order", "-id")[:6])

    return pagecache.memo("articles:home-topics", build, settings.CHROME_CACHE_TIMEOUT)


def _block_plan(extra):
    """The editors' active home blocks, and how many articles each channel they cover must
    supply: the largest count asking for it, plus `extra` (the stories the blocks skip)."""
    tree = ChannelTree.get()
    blocks = [block for block in _home_blocks() if block.channel_id in tree.by_id]
    wanted = {}
    for block in blocks:
        block.channel = tree.by_id[block.channel_id]
        block.articles = []
        block.channel_ids = set(tree.subtree_ids(block.channel_id))
        for channel_id in block.channel_ids:
            wanted[channel_id] = max(wanted.get(channel_id, 0), block.count + extra)
    return blocks, wanted


def _channel_parts(visible, channel_ids, counts):
    """The newest `count` visible articles of each channel, labelled by position: the
    labels are part of the SQL text, which a prepared query shares between channels."""
    return [
        (f"channel-{n}", visible.filter(channel_id=channel_id).order_by(*NEWEST), count)
        for n, (channel_id, count) in enumerate(zip(channel_ids, counts, strict=True))
    ]


def _channels_wanted(wanted):
    """`wanted` ({channel id: count}) as (channel ids, counts), in a stable order."""
    channel_ids = sorted(wanted)
    return channel_ids, tuple(wanted[channel_id] for channel_id in channel_ids)


def _fill_blocks(blocks, found, exclude):
    candidates = sorted(
        (row for label, rows in found.groups.items() if label.startswith("channel-")
         for row in rows),
        key=_newest_first,
        reverse=True,
    )  # fmt: skip
    for row in candidates:
        if row[_ID] in exclude:
            continue
        for block in blocks:
            if row[_CHANNEL_ID] in block.channel_ids and len(block.articles) < block.count:
                block.articles.append(found.article(row))
    return blocks


def home_blocks(now=None, exclude=()):
    """The editors' home page blocks with their latest articles: one query (the blocks
    themselves are kept with the content generation).

    The cost must not grow with the number of articles. So the article query asks,
    for each channel that some block covers, only for that channel's latest visible
    articles (`LIMIT n` on article_channel_list_idx), combines those
    small sets with UNION ALL inside one query, and merges them per block in Python.
    The newest `count` of a subtree are always among the newest `count` of each of
    its channels, so the result is exact; blocks may overlap (a channel and one of
    its sub-channels), each gets its own list.

    Articles in `exclude` (the 最新资讯 list above the blocks) are left out, so a reader
    never sees the same story twice on the page; each channel then supplies that many
    more, which keeps the result exact.
    """
    exclude = set(exclude)
    blocks, wanted = _block_plan(len(exclude))
    visible = Article.objects.published(at=now or timezone.now())
    parts = _channel_parts(visible, *_channels_wanted(wanted))
    return _fill_blocks(blocks, _list_parts(parts), exclude)


def _home_lists_query(shape, now, *channel_ids):
    headline_count, counts, _hidden = shape
    visible = Article.objects.published(at=now)
    headlines = visible.filter(is_pinned=True).exclude(cover="")
    return labelled_union_query(
        [
            ("headline", headlines.order_by("headline_position", *NEWEST), headline_count),
            ("latest", visible.order_by(*NEWEST), LATEST_SHOWN),
            *_channel_parts(visible, channel_ids, counts),
        ],
        LIST_COLUMNS,
    )


HOME_LISTS = PreparedQuery(_home_lists_query)


# --- the article page ----------------------------------------------------------------------


def detail_queryset():
    """An article as its page shows it: with its channel and source."""
    return Article.objects.select_related("channel", "source")


def _reachable_article_query(shape, now, pk):
    # reachable(), not published(): an inactive channel's articles keep their pages.
    return detail_queryset().reachable(at=now).filter(pk=pk)


REACHABLE_ARTICLE = PreparedQuery(_reachable_article_query)


def reachable_article(pk):
    """The article a reader may open at /articles/<pk>/ (None: none), by SQL compiled once."""
    if not 0 < pk < 2**63:
        return None  # no such id in a bigint column
    found = REACHABLE_ARTICLE.objects((), timezone.now(), pk, using=Article.objects.db)
    return found[0] if found else None


# --- the pages of public lists (channel, topic, tag) --------------------------------------

# How each kind of list selects its articles from its ids: a channel with its
# sub-channels, a topic, a tag.
LISTED_BY = {"channel": "channel_id__in", "topic": "topics__in", "tag": "tags__in"}
LISTED_COLUMNS = ("id", "title", "publish_at")  # what `for_lists()` loads


def listed(kind, ids, at=None):
    """The visible articles of a list, newest first: the ORM form, which the count uses
    and which `Listing.page` equals."""
    visible = Article.objects.published(at=at)
    return visible.for_lists().filter(**{LISTED_BY[kind]: ids}).order_by(*NEWEST)


def _list_page_query(shape, now, *ids):
    kind, _id_count, bottom, top, _hidden = shape
    articles = listed(kind, ids, at=now)
    if bottom >= DEFERRED_FROM:  # as LongListPaginator: the page's ids first
        articles = articles.filter(pk__in=articles.values("pk")[bottom:top])
        bottom, top = 0, None
    return articles.values_list(*LISTED_COLUMNS)[bottom:top]


LIST_PAGE = PreparedQuery(_list_page_query)


class Listing:
    """A public list of articles: its queryset, built only when its count is needed (the
    count is kept, see LongListPaginator), and its pages, read by SQL compiled once per
    page position (LIST_PAGE; building the queryset alone took longer than running it)."""

    def __init__(self, kind, ids):
        self.kind = kind
        self.ids = tuple(ids)

    def queryset(self):
        return listed(self.kind, self.ids)

    def page(self, bottom, top):
        if top <= bottom or not self.ids:
            return []  # an empty list's first page: nothing to ask
        shape = (self.kind, len(self.ids), bottom, top, Article.objects.visibility_shape())
        rows = LIST_PAGE.rows(shape, timezone.now(), *self.ids, using=Article.objects.db)
        return [Article.from_db(None, LISTED_COLUMNS, row) for row in rows]


def home_context():
    """Headlines, latest news, blocks and topics of the home page (1 query).

    The carousel's headlines, the latest news and every channel the blocks cover come
    from one UNION ALL query (see `home_blocks` for why per channel); the blocks skip the
    stories of the latest news, so each channel supplies that many more. Its SQL is
    compiled once per shape (HOME_LISTS, portal.prepared)."""
    # How many headlines the carousel shows is a site setting (cached with the chrome).
    count = get_chrome().settings.headline_count
    blocks, wanted = _block_plan(LATEST_SHOWN)
    channel_ids, counts = _channels_wanted(wanted)
    shape = (count, counts, Article.objects.visibility_shape())
    rows = HOME_LISTS.rows(shape, timezone.now(), *channel_ids, using=Article.objects.db)
    labels = ["headline", "latest", *(f"channel-{n}" for n in range(len(channel_ids)))]
    found = ListRows(rows, labels)
    latest = found.articles("latest")
    return {
        "headlines": sorted(
            found.articles("headline"),
            key=lambda a: (a.headline_position, -a.publish_at.timestamp(), -a.pk),
        ),
        "latest": latest,
        "blocks": _fill_blocks(blocks, found, {article.pk for article in latest}),
        "topics": _home_topics(),
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


def scheduled_changes(within=timedelta(days=7)):
    """Approved changes of live articles that replace the live version within `within`,
    soonest first (for the desk): `editorial.models.ScheduledChange` rows, whose
    `object_id` is the article's, `go_live_at` the time, `created_by` who scheduled it."""
    # A change edited again since it was scheduled is no longer the pending one: not listed
    # (and not applied, see services.publish_scheduled_change).
    pending = Article.objects.filter(pending_revision__isnull=False).values("pending_revision_id")
    return review.scheduled_changes(within=within, model=Article).filter(revision_id__in=pending)


@dataclass(frozen=True)
class WaitingChange:
    """An article whose change waits for a stage that `user` may decide now."""

    article: Article
    revision_id: int
    stage: review.Stage
    since: datetime  # when the change was made (or its last stage approved)


def review_queue(user):
    """What waits for `user`'s decision, oldest first: changes whose next stage `user`'s
    role decides, that `user` did not write and approved no stage of (the desk's "Waiting
    for review", `desk.waiting_changes`). One query, whatever the number of articles."""
    return [
        WaitingChange(
            article,
            article.desk_revision,
            review.Stage(article.desk_stage, article.desk_stages),
            article.desk_when,
        )
        for article in desk.waiting_changes(user).only("id", "title", "status", "channel_id")
    ]

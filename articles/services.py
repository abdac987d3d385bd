"""Read- and write-side helpers of the articles app shared by views, admin and templates."""

import hashlib
import io
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from taggit.models import Tag

from editorial import audit as audit_log
from editorial import revisions, wordcheck
from editorial.models import Revision
from portal import pagecache
from portal.chrome import get_chrome
from portal.text import html_to_lines

from .models import (
    Article,
    ArticleDailyViews,
    ArticleTag,
    Attachment,
    ChannelTree,
    HomeBlock,
    Topic,
)
from .workflow import REVIEWER_GROUP, TRANSITIONS

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


def invalidate_article_caches():
    """Renew what was derived from articles (the notices ticker, cached pages): a new
    content generation, for changes that send no signal (QuerySet.update)."""
    pagecache.bump()


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


def labelled_union(parts, columns):
    """One query for several ordered, limited lists of articles: `parts` are
    (label, queryset, limit); the rows are `columns` plus the label.

    PostgreSQL runs (SELECT ... ORDER BY ... LIMIT n) UNION ALL (...): small index scans,
    nothing nested. SQLite takes no LIMIT inside a UNION, so there each part becomes an
    `IN (subquery)` of its ids.
    """
    parts = [(label, query, limit) for label, query, limit in parts if limit > 0]
    if not parts:
        return []
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
    return list(queries[0].union(*queries[1:], all=True)) if len(queries) > 1 else list(queries[0])


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


def _list_parts(parts):
    """`labelled_union` of list columns, as Article instances grouped by label, each group
    newest first; channels come from the cached tree, not from a join."""
    tree = ChannelTree.get()
    found = {label: [] for label, _query, _limit in parts}
    for row in labelled_union(parts, LIST_COLUMNS):
        article = Article.from_db(None, LIST_COLUMNS, row[:-1])
        if article.channel_id in tree.by_id:
            article.channel = tree.by_id[article.channel_id]
        found[row[-1]].append(article)
    for articles in found.values():
        articles.sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
    return found


@dataclass(frozen=True)
class ArticleExtras:
    topics: list  # every topic of the article, active or not (see `active`)
    tags: list
    attachments: list


def article_extras(article):
    """The topics, tags and attachments of one article page, in one UNION ALL query.

    Three prefetches would cost three queries, and taggit's generic one a DISTINCT; the
    rows are the same few columns: kind, id, name, slug (or file), order, active.
    """
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
        Topic.objects.filter(articles=article).order_by(),
        "topic", F("title"), F("slug"), F("order"), F("active"),
    )  # fmt: skip
    tags = rows(
        Tag.objects.filter(pk__in=ArticleTag.objects.filter(content_object=article).values("tag_id")).order_by(),
        "tag", F("name"), F("slug"), Value(0, output_field=number), Value(True, output_field=flag),
    )  # fmt: skip
    attachments = rows(
        Attachment.objects.filter(article=article).order_by(),
        "attachment", F("title"), F("file"), F("order"), Value(True, output_field=flag),
    )  # fmt: skip
    found = {"topic": [], "tag": [], "attachment": []}
    for kind, pk, name, slug, order, active in topics.union(tags, attachments, all=True):
        if kind == "topic":
            item = Topic(pk=pk, title=name, slug=slug, order=order, active=active)
            found[kind].append(((order, -pk), item))  # as Topic's Meta.ordering
        elif kind == "tag":
            found[kind].append(((name, pk), Tag(pk=pk, name=name, slug=slug)))
        else:
            item = Attachment(pk=pk, article=article, title=name, file=slug, order=order)
            found[kind].append(((order, pk), item))
    ordered = {kind: [item for _key, item in sorted(pairs, key=lambda p: p[0])]
               for kind, pairs in found.items()}  # fmt: skip
    return ArticleExtras(ordered["topic"], ordered["tag"], ordered["attachment"])


def around(article, extras, limit=5):
    """(previous, next, related) of an article, in one query.

    previous/next: the visible articles just before and after it in its channel, by
    publish time; related: up to `limit` visible articles sharing a topic or a tag, newest
    first. Each part is a small subquery on an index (LIMIT 1, 1 and `limit`), labelled,
    and one UNION ALL fetches the three. EXISTS instead of a join for "shares a topic or
    tag": no DISTINCT over every article of a frequent tag.
    """
    visible = Article.objects.published()
    # The plain bound (publish_at <= / >=) is redundant with the tie-break beside it, but
    # it is what PostgreSQL can start the channel's index scan from (article_channel_list_idx):
    # without it the scan walks the whole channel from its newest article (20 ms at 5,000).
    same_channel = visible.filter(channel_id=article.channel_id)
    earlier = same_channel.filter(
        Q(publish_at__lt=article.publish_at) | Q(publish_at=article.publish_at, pk__lt=article.pk),
        publish_at__lte=article.publish_at,
    )
    later = same_channel.filter(
        Q(publish_at__gt=article.publish_at) | Q(publish_at=article.publish_at, pk__gt=article.pk),
        publish_at__gte=article.publish_at,
    )
    parts = [
        ("previous", earlier.order_by("-publish_at", "-pk"), 1),
        ("next", later.order_by("publish_at", "pk"), 1),
    ]
    topic_ids = [topic.pk for topic in extras.topics]
    tag_ids = [tag.pk for tag in extras.tags]
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
        related = visible.filter(condition).exclude(pk=article.pk).order_by("-publish_at", "-pk")
        parts.append(("related", related, limit))
    found = {"previous": None, "next": None, "related": []}
    for pk, title, publish_at, name in labelled_union(parts, ("pk", "title", "publish_at")):
        item = Article(pk=pk, title=title, publish_at=publish_at)
        if name == "related":
            found["related"].append(item)
        else:
            found[name] = item
    found["related"].sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
    return found["previous"], found["next"], found["related"]


QR_SIZE = 132  # pixels: 33 modules at scale 4 with a border of 2 (any address up to ~60 bytes)


def qr_svg(url):
    """An SVG image of the QR code of `url` (a file of its own: pages link it with an <img>).

    Made by the site, once per address (cached; the same URL, the same code: the content
    generation does not enter into it)."""
    key = "articles:qr-file:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
        svg = buffer.getvalue()
        cache.set(key, svg, 60 * 60 * 24)
    return svg


def _block_plan(extra):
    """The editors' active home blocks, and how many articles each channel they cover must
    supply: the largest count asking for it, plus `extra` (the stories the blocks skip)."""
    tree = ChannelTree.get()
    blocks = [
        block
        for block in HomeBlock.objects.published().order_by("order", "id")
        if block.channel_id in tree.by_id
    ]
    wanted = {}
    for block in blocks:
        block.channel = tree.by_id[block.channel_id]
        block.articles = []
        block.channel_ids = set(tree.subtree_ids(block.channel_id))
        for channel_id in block.channel_ids:
            wanted[channel_id] = max(wanted.get(channel_id, 0), block.count + extra)
    return blocks, wanted


def _channel_parts(visible, wanted):
    return [
        (f"channel-{channel_id}", visible.filter(channel_id=channel_id).order_by(*NEWEST), count)
        for channel_id, count in sorted(wanted.items())
    ]


def _fill_blocks(blocks, found, exclude):
    candidates = sorted(
        (article for label, articles in found.items() if label.startswith("channel-")
         for article in articles),
        key=lambda a: (a.publish_at, a.pk),
        reverse=True,
    )  # fmt: skip
    for article in candidates:
        if article.pk in exclude:
            continue
        for block in blocks:
            if article.channel_id in block.channel_ids and len(block.articles) < block.count:
                block.articles.append(article)
    return blocks


def home_blocks(now=None, exclude=()):
    """The editors' home page blocks with their latest articles: two queries in all.

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
    return _fill_blocks(blocks, _list_parts(_channel_parts(visible, wanted)), exclude)


def home_context():
    """Headlines, latest news, blocks and topics of the home page (3 queries).

    The carousel's headlines, the latest news and every channel the blocks cover come
    from one UNION ALL query (see `home_blocks` for why per channel); the blocks skip the
    stories of the latest news, so each channel supplies that many more."""
    visible = Article.objects.published()
    # How many headlines the carousel shows is a site setting (cached with the chrome).
    count = get_chrome().settings.headline_count
    blocks, wanted = _block_plan(LATEST_SHOWN)
    headlines = visible.filter(is_pinned=True).exclude(cover="")
    found = _list_parts(
        [
            ("headline", headlines.order_by("headline_position", *NEWEST), count),
            ("latest", visible.order_by(*NEWEST), LATEST_SHOWN),
            *_channel_parts(visible, wanted),
        ]
    )
    latest = found["latest"]
    return {
        "headlines": sorted(
            found["headline"],
            key=lambda a: (a.headline_position, -a.publish_at.timestamp(), -a.pk),
        ),
        "latest": latest,
        "blocks": _fill_blocks(blocks, found, {article.pk for article in latest}),
        "topics": list(Topic.objects.published().order_by("order", "-id")[:6]),
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


# --- Workflow: the write side ------------------------------------------------------------------
# Every change of status, pin or content made by the admin goes through these functions, so
# each keeps a revision, sends its e-mails and leaves its audit entry in one place. Who may
# do what is asked of `articles.workflow` by the callers.

KIND_OF = {
    "submit": Revision.Kind.SUBMITTED,
    "retract": Revision.Kind.SAVED,
    "publish": Revision.Kind.PUBLISHED,
    "reject": Revision.Kind.REJECTED,
    "withdraw": Revision.Kind.WITHDRAWN,
    "unpublish": Revision.Kind.WITHDRAWN,
}
AUDIT_ACTION = {"retract": "changed", "unpublish": "withdrawn", "submit": "submitted"}


def audit(request, action, obj, detail=""):
    """One audit entry: who, when, from where, which article, what was done."""
    audit_log.record(request, action, obj, detail=detail)


# --- Sensitive words and typos (editorial.wordcheck) ------------------------------------------
# Checked when an article is submitted for review, published (form, review page, bulk
# action) or restored. A block word stops it; a warn word or a typo needs "publish anyway",
# which is recorded in the audit log.
CHECKED_FIELDS = ("title", "subtitle", "summary", "body")


def check_words(values):
    """Hits in the title, subtitle, summary and body text of `values` (revision data, form
    values or an article; the body is rich text). An automatic summary is made from the
    body, which is checked itself, so only a hand-written summary is checked."""
    if not isinstance(values, dict):
        values = {name: getattr(values, name) for name in (*CHECKED_FIELDS, "summary_auto")}
    texts = {name: values.get(name) or "" for name in CHECKED_FIELDS}
    texts["body"] = html_to_lines(texts["body"])
    if values.get("summary_auto") is True:
        texts["summary"] = ""
    return wordcheck.check(texts)


def render_word_hits(hits):
    labels = {name: capfirst(Article._meta.get_field(name).verbose_name) for name in CHECKED_FIELDS}
    return wordcheck.render_hits(hits, labels)


def record_published_anyway(request, article, hits):
    audit(request, "published_anyway", article, detail=wordcheck.summary(hits))


def stamp_publish_time(article, now=None):
    """Publishing dates the article now, unless its publish time was chosen on purpose."""
    if not article.publish_time_chosen:
        article.publish_at = now or timezone.now()
    article.publish_time_chosen = True


def lock(article):
    """The article row, locked until the transaction ends (PostgreSQL; SQLite serialises)."""
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("pending_revision")
        .get(pk=article.pk)
    )


@transaction.atomic
def apply_transition(article, name, user, *, request=None, reason=""):
    """Apply transition `name` of the workflow table; the caller asked `workflow.can()`."""
    article = lock(article)
    if name in ("pin", "unpin"):
        # A save like any other (version and revision), so a form opened before does not
        # silently undo it.
        article.is_pinned = name == "pin"
        article.updated_by = user
        article.save(update_fields=["is_pinned", "updated_by", "updated_at"])
        note = _("pinned as headline") if name == "pin" else _("removed from headlines")
        revisions.record(article, user, Revision.Kind.SAVED, note=note)
        audit(request, "pinned" if name == "pin" else "unpinned", article)
        return article
    if article.has_pending_changes and name == "publish":
        return publish_changes(article, user, request=request)
    if article.has_pending_changes and name == "reject":
        return reject_changes(article, user, reason, request=request)
    target = TRANSITIONS[name].target
    m2m = {}
    if article.has_pending_changes:
        # Taken down, the article is no longer live: the changes waiting for review become
        # its text (publishing it again is a reviewer's decision anyway).
        m2m = revisions.apply(
            article, article.pending_revision.data, [*Article.restore_fields, "offline_at"]
        )
        article.pending_revision = None
    article.status = target
    article.updated_by = user
    if target == Article.Status.PUBLISHED:
        stamp_publish_time(article)
    if name in ("publish", "submit"):
        article.review_note = ""
    if name == "reject":
        article.review_note = reason
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, KIND_OF[name], note=reason)
    audit(request, AUDIT_ACTION.get(name, KIND_OF[name]), article, detail=reason)
    after_transition(article, name, user, request=request, reason=reason)
    return article


def after_transition(article, name, user, *, request=None, reason="", changes_by=None):
    """The e-mails a transition sends (after the transaction commits)."""
    if name == "submit":
        notify_reviewers(article, request=request)
    elif name in ("publish", "reject"):
        authors = {article.created_by, changes_by} - {None, user}
        notify_authors(article, authors, name, reason=reason, request=request)


@transaction.atomic
def save_changes_for_review(article, edited, user, *, m2m=None, request=None, note=""):
    """Keep an editor's changes to a live `article` as pending changes; the public keeps
    seeing the published version. `edited` is the article with the changes applied (not
    saved); `m2m` its topics and tags."""
    live = lock(article)
    data = revisions.snapshot(edited, m2m)
    live.version += 1
    revision = revisions.record(live, user, Revision.Kind.CHANGES, data=data, note=note)
    Article.objects.filter(pk=live.pk).update(
        pending_revision=revision,
        version=live.version,
        review_note="",
        updated_by=user,
        updated_at=timezone.now(),
    )
    live.pending_revision = revision
    audit(request, "submitted", live, detail=str(_("changes to the published article")))
    notify_reviewers(live, request=request, changes=True)
    return live


def publish_changes(article, user, *, request=None):
    """Apply the pending changes of a live article (the caller locked it)."""
    pending = article.pending_revision
    m2m = revisions.apply(article, pending.data, [*Article.restore_fields, "offline_at"])
    if "summary_auto" in pending.data:
        article.summary_auto = pending.data["summary_auto"]
    article.pending_revision = None
    article.review_note = ""
    article.updated_by = user
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, Revision.Kind.PUBLISHED, note=str(_("changes published")))
    audit(request, "published", article, detail=str(_("changes to the published article")))
    after_transition(article, "publish", user, request=request, changes_by=pending.user)
    return article


def reject_changes(article, user, reason, *, request=None):
    """Drop the pending changes of a live article, saying why; they stay in its history."""
    pending = article.pending_revision
    Revision.objects.filter(pk=pending.pk).update(kind=Revision.Kind.REJECTED, note=reason)
    article.pending_revision = None
    article.review_note = reason
    article.updated_by = user
    article.save(update_fields=["pending_revision", "review_note", "updated_by", "updated_at"])
    audit(request, "rejected", article, detail=reason)
    after_transition(
        article, "reject", user, request=request, reason=reason, changes_by=pending.user
    )
    return article


@transaction.atomic
def restore(article, revision, user, *, request=None, for_review=False):
    """Bring back the content of `revision`: a new revision; for an editor's live article,
    pending changes for review instead."""
    note = _("restored from the revision of %(time)s") % {
        "time": date_format(timezone.localtime(revision.created_at), "Y-m-d H:i")
    }
    article = lock(article)
    if for_review:
        current = article.pending_revision.data if article.has_pending_changes else None
        data = {**(current or revisions.snapshot(article))}
        data.update(
            {name: revision.data[name] for name in Article.restore_fields if name in revision.data}
        )
        data["summary_auto"] = revision.data.get("summary_auto", article.summary_auto)
        article.version += 1
        pending = revisions.record(article, user, Revision.Kind.CHANGES, data=data, note=note)
        Article.objects.filter(pk=article.pk).update(
            pending_revision=pending, version=article.version, updated_by=user,
            updated_at=timezone.now(), review_note="",
        )  # fmt: skip
        audit(request, "restored", article, detail=str(note))
        notify_reviewers(article, request=request, changes=True)
        return article
    m2m = revisions.apply(article, revision.data)
    if "summary_auto" in revision.data:
        article.summary_auto = revision.data["summary_auto"]
    article.pending_revision = None
    article.updated_by = user
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, Revision.Kind.RESTORED, note=note)
    audit(request, "restored", article, detail=str(note))
    return article


# --- E-mails -----------------------------------------------------------------------------------


def _admin_url(article, request):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return request.build_absolute_uri(url) if request is not None else url


def _send(messages):
    """One message per recipient (nobody sees the others' addresses), after the commit."""
    messages = [message for message in messages if message[3]]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def notify_reviewers(article, *, request=None, changes=False):
    """Tell the reviewers (group 审核, with an e-mail address) that something waits for them."""
    User = get_user_model()
    addresses = (
        User.objects.filter(groups__name=REVIEWER_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if changes:
        subject = _("Changes to “%(title)s” wait for review") % {"title": article.title}
    else:
        subject = _("“%(title)s” waits for review") % {"title": article.title}
    body = _("Review it here: %(url)s") % {"url": _admin_url(article, request)}
    sender = settings.DEFAULT_FROM_EMAIL
    _send([(str(subject), str(body), sender, [address]) for address in addresses])


def notify_authors(article, users, name, *, reason="", request=None):
    """Tell the author (and whoever submitted the changes) that it was published or rejected."""
    if name == "publish":
        subject = _("“%(title)s” was published") % {"title": article.title}
        body = _("It is online: %(url)s") % {
            "url": request.build_absolute_uri(article.get_absolute_url())
            if request is not None
            else article.get_absolute_url()
        }
    else:
        subject = _("“%(title)s” was sent back") % {"title": article.title}
        body = _("Reason: %(reason)s\n\nThe article: %(url)s") % {
            "reason": reason,
            "url": _admin_url(article, request),
        }
    sender = settings.DEFAULT_FROM_EMAIL
    _send(
        [(str(subject), str(body), sender, [user.email]) for user in users if user and user.email]
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

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editorial import review
from portal import pagecache
from portal.querysets import PublishedQuerySet
from portal.sanitize import clean_html
from portal.trees import Tree
from portal.uploads import DocumentValidator, ImageValidator, RandomUploadPath
from portal.urlcache import cached_reverse

from .text import summarise

TREE_CACHE_KEY = "articles:channel-tree:v1"


class Channel(models.Model):
    """A channel (栏目) of the site; channels form a tree of any depth."""

    class Kind(models.TextChoices):
        """What the channel publishes, which says how often it must be updated (site health:
        政府网站与政务新媒体检查指标; the limits are settings, HEALTH_STALE_DAYS)."""

        NEWS = "news", _("News")
        NOTICES = "notices", _("Notices")
        POLICY = "policy", _("Policy")
        STATIC = "static", _("Static (exempt)")

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_("Lower-case ASCII used in the address, for example provincial-news."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    show_in_navigation = models.BooleanField(_("show in navigation"), default=True)
    active = models.BooleanField(_("active"), default=True)
    kind = models.CharField(
        _("channel type"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_(
            "How often the channel must be updated to pass the site health check: news "
            "channels every 2 weeks, notices and policy every 6 months; static channels are "
            "exempt."
        ),
    )

    review_stages = models.PositiveSmallIntegerField(
        _("review stages"),
        null=True,
        blank=True,
        choices=[
            (1, _("1 stage (review)")),
            (2, _("2 stages (first and final review)")),
            (3, _("3 stages (first, second and final review)")),
        ],
        help_text=_(
            "How many people must approve an article of this channel, one after the other. "
            "Left empty, the parent channel's setting applies (one stage at the top)."
        ),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:channel", self.slug)

    # Tree walking on the cached tree (see ChannelTree): no query once warm.
    def get_ancestors(self):
        return ChannelTree.get().ancestors(self.pk)

    def get_children(self):
        return ChannelTree.get().children(self.pk)

    def get_descendants(self):
        return ChannelTree.get().descendants(self.pk)

    @staticmethod
    def review_stages_of(channel_id):
        """The review stages of a channel: its own setting, else its nearest ancestor's,
        else 1 (today's single review). No query for active channels (the cached tree)."""
        tree, seen = ChannelTree.get(), set()
        while channel_id is not None and channel_id not in seen:
            seen.add(channel_id)
            channel = tree.by_id.get(channel_id)
            if channel is None:  # an inactive channel is not in the tree
                channel = (
                    Channel.objects.filter(pk=channel_id).only("review_stages", "parent").first()
                )
            if channel is None:
                break
            if channel.review_stages:
                return channel.review_stages
            channel_id = channel.parent_id
        return 1


class ChannelTree(Tree):
    """All active channels, loaded with one query, cached, walked in Python.

    The tree is small (tens of channels) and read on every channel and article
    page, so it is kept under the content generation (`pagecache.memo`), which a save of
    a channel moves on. It also knows
    the ids of the channels that are not visible, which `Article.objects.published()`
    leaves out without a subquery in every list.
    """

    def __init__(self, channels, hidden_ids=()):
        super().__init__(channels)
        self.by_slug = {channel.slug: channel for channel in channels}
        self.hidden_ids = tuple(sorted(hidden_ids))

    @classmethod
    def get(cls):
        def build():
            visible = Channel.objects.published().filter(pk=models.OuterRef("pk"))
            channels = list(
                Channel.objects.annotate(visible=models.Exists(visible)).order_by("order", "id")
            )
            return cls(
                [channel for channel in channels if channel.visible],
                [channel.pk for channel in channels if not channel.visible],
            )

        return pagecache.memo("articles:channel-tree", build, 60 * 60 * 24)


class Topic(models.Model):
    """A special topic (专题) gathering articles across channels."""

    title = models.CharField(_("title"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    banner = models.ImageField(
        _("banner image"),
        upload_to=RandomUploadPath("topics"),
        blank=True,
        validators=[ImageValidator()],
    )
    intro = models.TextField(_("introduction"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("articles:topic", self.slug)


class Source(models.Model):
    """Where an article comes from (来源); editors pick one or type a new one."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


# Renditions: (field, width, height). Cropped to 16:9, made once when the cover changes.
RENDITIONS = (("cover_large", 1200, 675), ("cover_medium", 640, 360), ("cover_small", 320, 180))


class ArticleQuerySet(PublishedQuerySet):
    def published(self, at=None):
        """The one definition of publicly visible: published, its time has come, and its
        take-down time (if any) has not, and its channel is active. Lists, feeds, the
        sitemap and search start from here.

        Evaluated in the query, so a scheduled article appears and disappears on time
        without a job. `at` asks what is visible at another moment. An inactive channel
        hides its articles from all of those; their own pages stay reachable by address
        (`reachable()`) and do not name the channel.
        """
        at = at or timezone.now()
        return self.published_during(at, at)

    def published_during(self, start, end):
        """Articles visible at some moment between `start` and `end`.

        A cache that lives until `end` fetches these and filters each render by the
        current time itself (see `Article.visible_at`).
        """
        hidden = ChannelTree.get().hidden_ids
        # Approved changes scheduled to replace live articles are applied on the first read
        # after their time (editorial.review; no cron job, as publish times need none).
        review.apply_if_due()
        visible = self.reachable_during(start, end)
        return visible.exclude(channel_id__in=hidden) if hidden else visible

    def visibility_shape(self):
        """What `published()` writes into its SQL besides the time: the hidden channels.
        Prepared queries (portal.prepared) key on it; like `published()`, it first applies
        the scheduled changes whose time has come."""
        review.apply_if_due()
        return tuple(sorted(ChannelTree.get().hidden_ids))

    def reachable(self, at=None):
        """What a reader can open by its address, whatever its channel: published, its time
        has come and its take-down time has not."""
        at = at or timezone.now()
        return self.reachable_during(at, at)

    def reachable_during(self, start, end):
        return self.filter(
            models.Q(offline_at__isnull=True) | models.Q(offline_at__gt=start),
            status=Article.Status.PUBLISHED,
            publish_at__lte=end,
        )

    def in_channel(self, channel):
        """Articles of `channel` and of all its sub-channels."""
        return self.filter(channel_id__in=ChannelTree.get().subtree_ids(channel.pk))

    def for_lists(self):
        """What a list line shows (articles/_list.html: title, address, date): no join,
        no other column. A list that starts to show more gets it by a query per line,
        which the query-budget tests catch."""
        return self.only("id", "title", "publish_at")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="articles"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=ArticleTag, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    author = models.CharField(_("author"), max_length=100, blank=True)
    cover = models.ImageField(
        _("cover image"),
        upload_to=RandomUploadPath("covers"),
        blank=True,
        validators=[ImageValidator()],
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Left empty, it is taken from the start of the body.")
    )
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_(
            "Left as it is, the article is dated the moment it is published. A time set "
            "here on purpose is kept: a future time schedules the article, a past time "
            "back-dates it."
        ),
    )
    # True once the publish time means something: an editor set it, or publishing
    # stamped it. Until then publishing replaces it with the moment of publishing.
    publish_time_chosen = models.BooleanField(
        _("publish time chosen"), default=False, editable=False
    )
    offline_at = models.DateTimeField(
        _("take-down time"),
        null=True,
        blank=True,
        help_text=_("Optional: at this time the article disappears from every public page."),
    )
    is_pinned = models.BooleanField(
        _("headline"),
        default=False,
        help_text=_("Shown in the home page carousel; needs a cover image."),
    )
    headline_position = models.PositiveSmallIntegerField(
        _("headline position"),
        default=0,
        help_text=_("Headlines are shown by this number, smallest first, then newest first."),
    )
    # False once an editor wrote the summary by hand; until then it follows the body.
    summary_auto = models.BooleanField(_("automatic summary"), default=True, editable=False)
    # Optimistic locking: every save adds one; a form posted from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    pending_revision = models.ForeignKey(
        "editorial.Revision",
        verbose_name=_("changes waiting for review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    review_note = models.TextField(_("reason for rejection"), blank=True, editable=False)
    cover_large = models.ImageField(
        _("cover, large"), upload_to=RandomUploadPath("renditions"), blank=True, editable=False
    )
    cover_medium = models.ImageField(
        _("cover, medium"), upload_to=RandomUploadPath("renditions"), blank=True, editable=False
    )
    cover_small = models.ImageField(
        _("cover, small"), upload_to=RandomUploadPath("renditions"), blank=True, editable=False
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_visible_idx"),
            # A channel's list in the order it is shown, with every column its filter reads:
            # a deep page finds its ids in this index alone (no table row for the offset).
            models.Index(
                fields=["channel", "status", "-publish_at", "-id", "offline_at"],
                name="article_channel_list_idx",
            ),
            # The carousel reads only headlines: an index of those keeps it from walking
            # every visible article when few are pinned.
            models.Index(
                fields=["status", "publish_at"],
                condition=models.Q(is_pinned=True),
                name="article_headline_idx",
            ),
        ]
        permissions = [
            ("publish_article", _("Can publish, withdraw and pin articles")),
        ]

    def __str__(self):
        return self.title

    # What a revision keeps (see editorial/revisions.py), and what restoring one brings back:
    # the content, not the decisions (status, times, headline) taken since.
    revision_fields = [
        "title", "subtitle", "channel", "topics", "tags", "source", "author", "cover",
        "summary", "body", "status", "publish_at", "offline_at", "is_pinned", "headline_position",
    ]  # fmt: skip
    restore_fields = [
        "title", "subtitle", "channel", "topics", "tags", "source", "author", "cover",
        "summary", "body",
    ]  # fmt: skip
    revision_extra = ["summary_auto"]  # kept with each revision, not shown in diffs

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if self.summary_auto or not self.summary.strip():
            self.summary = self.make_summary()
            self.summary_auto = True
        update_fields = kwargs.get("update_fields")
        if not self._state.adding:
            self.version += 1
            if update_fields is not None:
                update_fields = {*update_fields, "version"}
        loaded = getattr(self, "_loaded_cover", "")
        cover_changed = loaded is not models.DEFERRED and str(self.cover or "") != str(loaded or "")
        if cover_changed:
            self.make_renditions()
            if update_fields is not None:
                update_fields = {*update_fields, *(f for f, _w, _h in RENDITIONS)}
        if update_fields is not None:
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        self._loaded_cover = str(self.cover or "")

    def get_absolute_url(self):
        return cached_reverse("articles:detail", self.pk)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_cover = instance.__dict__.get("cover", models.DEFERRED)
        return instance

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.visible_at(timezone.now())

    def visible_at(self, moment):
        """The time part of `published()`, for values already fetched."""
        return self.publish_at <= moment and (self.offline_at is None or self.offline_at > moment)

    @property
    def has_pending_changes(self):
        return self.pending_revision_id is not None

    def make_summary(self, length=120):
        return summarise(self.body, length)

    def make_renditions(self):
        """Write the cover in each rendition size (JPEG); clear them when the cover goes."""
        for field_name, _width, _height in RENDITIONS:
            getattr(self, field_name).name = ""
        if not self.cover:
            return
        self.cover.open("rb")
        try:
            with Image.open(self.cover) as original:
                original.load()
                image = ImageOps.exif_transpose(original).convert("RGB")
        finally:
            self.cover.seek(0)
        for field_name, width, height in RENDITIONS:
            rendition = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            rendition.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            field = getattr(self, field_name)
            field.save(f"{width}.jpg", ContentFile(buffer.getvalue()), save=False)

    def cover_for(self, size):
        """The rendition URL of `size` (large/medium/small), falling back to the original."""
        field = getattr(self, f"cover_{size}")
        if field:
            return field.url
        return self.cover.url if self.cover else ""


class Attachment(models.Model):
    """A file listed under an article's body."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=RandomUploadPath("attachments"),
        validators=[DocumentValidator(extensions=(".pdf", ".doc", ".docx", ".wps", ".txt"))],
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name


class HomeBlock(models.Model):
    """A home page block: the latest articles of one channel and its sub-channels."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="home_blocks"
    )
    title = models.CharField(
        _("title"),
        max_length=60,
        blank=True,
        help_text=_("Left empty, the channel's name is shown."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    count = models.PositiveSmallIntegerField(
        _("number of articles"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many of the channel's latest articles the block lists (1–20)."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("home page block")
        verbose_name_plural = _("home page blocks")

    def __str__(self):
        return self.title or self.channel.name

    def get_absolute_url(self):
        return self.channel.get_absolute_url()

    @property
    def display_title(self):
        return self.title or self.channel.name


class LegacyArticle(models.Model):
    """The old site's id of an imported article (manage.py import_articles).

    The id keeps the old address /index.php/News/info/id/<id>.html working (a primary-key
    lookup) and makes the import idempotent; the checksum of the imported row tells an
    unchanged row from one whose content changed. A table of its own, so the article
    table is not rebuilt on SQLite (which would drop the search index's trigger).
    """

    legacy_id = models.PositiveIntegerField(_("legacy id"), primary_key=True)
    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="legacy"
    )
    checksum = models.CharField(_("checksum of the imported row"), max_length=64)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        ordering = ["legacy_id"]
        verbose_name = _("imported article")
        verbose_name_plural = _("imported articles")

    def __str__(self):
        return f"{self.legacy_id} → {self.article_id}"


class Headline(Article):
    """Pinned articles, in the small 头条 admin view where reviewers set their order."""

    class Meta:
        proxy = True
        verbose_name = _("headline")
        verbose_name_plural = _("headlines")


class ArticleDailyViews(models.Model):
    """Views of an article on one day, written in batches by `articles.counter`; the
    点击排行 (most read) list sums the last 30 days."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="article_daily_views_unique")
        ]
        # The most-read list reads a range of days: an index that holds all it needs.
        indexes = [models.Index(fields=["day", "article", "views"], name="article_views_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"

import io

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from portal.querysets import ActiveQuerySet
from portal.sanitize import clean_html
from portal.uploads import DocumentValidator, ImageValidator, RandomUploadPath

TREE_CACHE_KEY = "articles:channel-tree:v1"


class Channel(models.Model):
    """A channel (栏目) of the site; channels form a tree of any depth."""

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

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:channel", args=[self.slug])

    # Tree walking on the cached tree (see ChannelTree): no query once warm.
    def get_ancestors(self):
        return ChannelTree.get().ancestors(self.pk)

    def get_children(self):
        return ChannelTree.get().children(self.pk)

    def get_descendants(self):
        return ChannelTree.get().descendants(self.pk)


class ChannelTree:
    """All active channels, loaded with one query, cached, walked in Python.

    The tree is small (tens of channels) and read on every channel and article
    page, so it lives in the cache until a channel is saved or deleted.
    """

    def __init__(self, channels):
        self.by_id = {channel.pk: channel for channel in channels}
        self.by_slug = {channel.slug: channel for channel in channels}
        self._children = {}
        for channel in channels:
            self._children.setdefault(channel.parent_id, []).append(channel)

    @classmethod
    def get(cls):
        tree = cache.get(TREE_CACHE_KEY)
        if tree is None:
            tree = cls(list(Channel.objects.published().order_by("order", "id")))
            cache.set(TREE_CACHE_KEY, tree, 60 * 60 * 24)
        return tree

    @staticmethod
    def invalidate(**kwargs):
        cache.delete(TREE_CACHE_KEY)

    def roots(self):
        return self._children.get(None, [])

    def children(self, pk):
        return self._children.get(pk, [])

    def ancestors(self, pk):
        """From the root down to the parent of `pk` (inactive parents end the walk)."""
        chain = []
        channel = self.by_id.get(pk)
        while channel is not None and channel.parent_id is not None:
            channel = self.by_id.get(channel.parent_id)
            if channel is not None:
                chain.append(channel)
        return chain[::-1]

    def descendants(self, pk):
        found, stack = [], list(self.children(pk))
        while stack:
            channel = stack.pop(0)
            found.append(channel)
            stack.extend(self.children(channel.pk))
        return found

    def subtree_ids(self, pk):
        return [pk] + [channel.pk for channel in self.descendants(pk)]

    def path(self, pk):
        """Ancestors plus the channel itself: what a breadcrumb shows."""
        channel = self.by_id.get(pk)
        return [*self.ancestors(pk), channel] if channel else []


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

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])


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


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one definition of publicly visible: published, and its time has come.

        Evaluated in the query, so a scheduled article appears on time without a job.
        `at` asks what will be visible at another moment (a cache that lives until
        then fetches `published(at=expiry)` and filters by the current time itself).
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def in_channel(self, channel):
        """Articles of `channel` and of all its sub-channels."""
        return self.filter(channel_id__in=ChannelTree.get().subtree_ids(channel.pk))

    def for_lists(self):
        return self.select_related("channel").only(
            "id", "title", "publish_at", "channel__name", "channel__slug",
            "cover", "cover_small", "cover_medium", "cover_large", "summary", "is_pinned",
            "status",
        )  # fmt: skip


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
        help_text=_("A time in the future schedules the article."),
    )
    is_pinned = models.BooleanField(
        _("headline"), default=False, help_text=_("Shown in the home page carousel.")
    )
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
            models.Index(fields=["channel", "status", "publish_at"], name="article_channel_idx"),
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

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if not self.summary.strip():
            self.summary = self.make_summary()
        loaded = getattr(self, "_loaded_cover", "")
        cover_changed = loaded is not models.DEFERRED and str(self.cover or "") != str(loaded or "")
        if cover_changed:
            update_fields = kwargs.get("update_fields")
            self.make_renditions()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *(f for f, _w, _h in RENDITIONS)}
        super().save(*args, **kwargs)
        self._loaded_cover = str(self.cover or "")

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_cover = instance.__dict__.get("cover", models.DEFERRED)
        return instance

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    def make_summary(self, length=120):
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        text = " ".join(strip_tags(self.body).split())
        return Truncator(text).chars(length)

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

    objects = ActiveQuerySet.as_manager()

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

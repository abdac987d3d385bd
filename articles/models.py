from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from portal.uploads import DocumentValidator, ImageValidator, RandomUploadPath


class PublishedQuerySet(models.QuerySet):
    """Base for content with an `active` flag: what readers may see."""

    def published(self):
        return self.filter(active=True)


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

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:channel", args=[self.slug])


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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of publicly visible: published, and its time has come.

        Evaluated in the query, so a scheduled article appears on time without a job.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())


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
        ]
        permissions = [
            ("publish_article", _("Can publish, withdraw and pin articles")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()


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

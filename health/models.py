"""What the site health check keeps: one row per run (the report, for the page and the
trend) and the words of the lists found in live content (kept current between runs)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HealthRun(models.Model):
    """One run of `site_health` (or of the 网站体检 page's button) and its report.

    `report` holds every check's result as JSON (`health.checks`): its findings up to
    HEALTH_ITEMS_KEPT each, and always their full count. Runs are kept so the page can
    draw the trend of failing items.
    """

    started_at = models.DateTimeField(_("computed"), default=timezone.now, db_index=True)
    duration = models.FloatField(_("duration (seconds)"), default=0)
    passed = models.BooleanField(
        _("passed"), default=False, help_text=_("No veto item (单项否决) failed.")
    )
    vetoes = models.PositiveIntegerField(_("failed veto items"), default=0)
    problems = models.PositiveIntegerField(_("problems found"), default=0)
    external = models.BooleanField(_("external links checked"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("site health")
        verbose_name_plural = _("site health")

    def __str__(self):
        return f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:health_healthrun_changelist")

    def check_results(self):
        return self.report.get("checks", [])


class WordFinding(models.Model):
    """A sensitive word or listed typo found in live content (an article, an association
    page, a published answered message). Kept current: recomputed by every run and, for
    the entries concerned, whenever a list entry is saved or deleted (`health.words`)."""

    class Level(models.TextChoices):
        BLOCK = "block", _("block")
        WARN = "warn", _("warn")
        TYPO = "typo", _("typo")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=30)
    entry_id = models.PositiveBigIntegerField(_("list entry"))
    word = models.CharField(_("word"), max_length=100)
    level = models.CharField(_("level"), max_length=5, choices=Level.choices)
    suggestion = models.CharField(_("right form"), max_length=100, blank=True)
    context = models.CharField(_("context"), max_length=300)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["level", "word", "content_type", "-object_id"]
        verbose_name = _("word in live content")
        verbose_name_plural = _("words in live content")
        indexes = [models.Index(fields=["level", "entry_id"], name="health_word_entry_idx")]

    def __str__(self):
        return f"{self.word} · {self.title}"


class WordScan(models.Model):
    """The state of the word lists that the findings match: their sizes and the time up to
    which every entry was looked for. An entry changed later, or a size that differs
    (an import, a bulk delete), means the findings must be computed again."""

    scanned_at = models.DateTimeField(_("computed"), default=timezone.now)
    words = models.PositiveIntegerField(_("sensitive words"), default=0)
    mistakes = models.PositiveIntegerField(_("common mistakes"), default=0)
    objects_checked = models.PositiveIntegerField(_("objects checked"), default=0)
    duration = models.FloatField(_("duration (seconds)"), default=0)

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("word scan")
        verbose_name_plural = _("word scans")

    def __str__(self):
        return f"{timezone.localtime(self.scanned_at):%Y-%m-%d %H:%M}"


class NoRows(models.Manager):
    def get_queryset(self):
        return super().get_queryset().none()


class Statistics(models.Model):
    """No table: the admin's 统计 page hangs on it, and its permission says who sees it."""

    objects = NoRows()

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_statistics", _("Can see the statistics (统计)"))]
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics")

    def __str__(self):
        return str(self._meta.verbose_name)

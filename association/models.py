from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.querysets import PublishedQuerySet
from portal.sanitize import clean_html, text_to_paragraphs
from portal.uploads import MB, DocumentValidator, ImageValidator, RandomUploadPath

from .regions import Province, Region, region_of

ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".wps", ".txt")


# --- Association pages ---------------------------------------------------------------------


class Page(models.Model):
    """An editable page of the association (协会简介, 协会章程, 培训…); pages form a small tree."""

    title = models.CharField(_("title"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_("Lower-case ASCII used in the address, for example charter or training."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent menu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The menu this page appears under; leave empty for a top-level menu."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("Used as the page description.")
    )
    body = models.TextField(_("body"), blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive pages answer 404 to readers; editors still see them."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking (see editorial.locking.LockedFormMixin): every save adds one.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PublishedQuerySet.as_manager()

    # Revisions (editorial.revisions): what each keeps, and what restoring brings back.
    revision_fields = ["title", "slug", "parent", "order", "summary", "body", "active"]
    restore_fields = ["title", "summary", "body"]

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("association page")
        verbose_name_plural = _("association pages")

    def __str__(self):
        return f"{self.parent} › {self.title}" if self.parent_id else self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(text_to_paragraphs(self.body))
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("association:page", args=[self.slug])

    @property
    def is_published(self):
        return self.active


class PageAttachment(models.Model):
    page = models.ForeignKey(
        Page,
        verbose_name=_("association page"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=RandomUploadPath("pages"),
        validators=[DocumentValidator(extensions=ATTACHMENT_TYPES, max_bytes=20 * MB)],
        help_text=_("PDF, Word, WPS or text, at most 20 MB."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


# --- Member associations ---------------------------------------------------------------------


class MemberAssociation(models.Model):
    """A provincial or local association of development zones that is a member (行业协会)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    province = models.CharField(
        _("region"),
        max_length=20,
        choices=Province.choices,
        help_text=_("Province or municipality."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomUploadPath("associations"),
        blank=True,
        validators=[ImageValidator(max_bytes=2 * MB)],
        help_text=_("PNG or JPEG, at most 2 MB; shown about 120 pixels wide."),
    )
    description = models.TextField(_("short description"), blank=True)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Address, phone or e-mail.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive members are hidden from the public.")
    )
    articles = models.ManyToManyField(
        "articles.Article",
        verbose_name=_("related articles"),
        blank=True,
        related_name="member_associations",
        help_text=_("News of this association, listed on its page."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("member association")
        verbose_name_plural = _("member associations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("association:member-detail", args=[self.pk])

    @staticmethod
    def get_list_url():
        return reverse("association:members")

    @property
    def region(self):
        return region_of(self.province)


# --- Development zones -----------------------------------------------------------------------


class Industry(models.Model):
    """A leading industry from the managed list (新一代信息技术, 生物医药…)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Lower-case ASCII used in filter addresses.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('association:zones')}?industry={self.slug}"


class Zone(models.Model):
    """A development zone of the directory (开发区数据库)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")

    class Type(models.TextChoices):
        ETDZ = "etdz", _("Economic and technological development zone")
        HIGHTECH = "hightech", _("High-tech industrial development zone")
        BONDED = "bonded", _("Special customs supervision area")
        BORDER = "border", _("Border economic cooperation zone")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    city = models.CharField(_("city"), max_length=40, blank=True)
    region = models.CharField(
        _("region"),
        max_length=20,
        choices=Region.choices,
        editable=False,
        db_index=True,
        help_text=_("Follows from the province."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    industries = models.ManyToManyField(
        Industry, verbose_name=_("leading industries"), blank=True, related_name="zones"
    )
    year_approved = models.PositiveSmallIntegerField(
        _("year approved"), null=True, blank=True, help_text=_("For example 1984.")
    )
    area = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomUploadPath("zones"),
        blank=True,
        validators=[ImageValidator(max_bytes=2 * MB)],
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive zones are hidden from the directory.")
    )
    articles = models.ManyToManyField(
        "articles.Article",
        verbose_name=_("related articles"),
        blank=True,
        related_name="zones",
        help_text=_("News about this zone, listed on its profile page."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("development zone")
        verbose_name_plural = _("development zones")
        indexes = [models.Index(fields=["active", "province"], name="zone_active_province_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region = region_of(self.province)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("association:zone-detail", args=[self.pk])

    @staticmethod
    def get_list_url():
        return reverse("association:zones")


# --- The magazine ----------------------------------------------------------------------------


class IssueQuerySet(PublishedQuerySet):
    def published(self):
        """Issues readers may see: marked published and their publish date has come."""
        return self.filter(published=True, publish_date__lte=timezone.localdate())


class Issue(models.Model):
    """An issue of the association's magazine 《中国开发区》."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("issue number in the year"), help_text=_("11 for 2026年第11期.")
    )
    total_number = models.PositiveIntegerField(
        _("running total number"), unique=True, help_text=_("300 for 总第300期.")
    )
    theme = models.CharField(
        _("theme"), max_length=100, blank=True, help_text=_("The cover story, if any.")
    )
    cover = models.ImageField(
        _("cover"),
        upload_to=RandomUploadPath("magazine/covers"),
        blank=True,
        validators=[ImageValidator(max_bytes=5 * MB)],
        help_text=_("JPEG or PNG, portrait, at most 5 MB."),
    )
    publish_date = models.DateField(_("publish date"), default=timezone.localdate)
    pdf = models.FileField(
        _("PDF"),
        upload_to=RandomUploadPath("magazine/pdf"),
        blank=True,
        validators=[DocumentValidator(extensions=(".pdf",), max_bytes=80 * MB)],
        help_text=_("The whole issue as a PDF, at most 80 MB (optional)."),
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Readers see the issue once this is ticked and its publish date has come."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown on the issue's page: the editor's note, highlights, pictures or video."),
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("magazine issue")
        verbose_name_plural = _("magazine issues")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="issue_unique_year_number")
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.description = clean_html(text_to_paragraphs(self.description))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("association:issue-detail", args=[self.year, self.number])

    @staticmethod
    def get_list_url():
        return reverse("association:magazine")

    @property
    def label(self):
        return _("%(year)s, No. %(number)s") % {"year": self.year, "number": self.number}

    @property
    def is_published(self):
        return self.published and self.publish_date <= timezone.localdate()

    def get_pdf_url(self):
        return reverse("association:issue-pdf", args=[self.year, self.number])


class TocEntry(models.Model):
    """An entry of an issue's table of contents."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="entries"
    )
    section = models.CharField(_("section"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=100, blank=True)
    page = models.PositiveSmallIntegerField(_("page"), null=True, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article on the site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="magazine_entries",
        help_text=_("The article that publishes this piece on the site, if any."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("table of contents entry")
        verbose_name_plural = _("table of contents")

    def __str__(self):
        return self.title

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sanitize import URL_SCHEMES
from .uploads import ImageValidator, RandomUploadPath

# A browser ignores ASCII tabs and line breaks anywhere in an address, and control
# characters and spaces before it (WHATWG URL parsing): "java\tscript:" is javascript:.
URL_IGNORED_CHARACTERS = re.compile(r"[\t\n\r]")
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url):
    """The scheme a browser would read from `url` (lower case), or None for a relative one."""
    url = URL_IGNORED_CHARACTERS.sub("", url).lstrip("".join(map(chr, range(0x21))))
    match = URL_SCHEME.match(url)
    return match[1].lower() if match else None


class SiteSettings(models.Model):
    """The one record of site-wide facts shown in the header, footer and meta tags."""

    site_name = models.CharField(_("site name"), max_length=100, default="中国开发区协会")
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomUploadPath("site"),
        blank=True,
        validators=[ImageValidator(max_bytes=2 * 1024 * 1024)],
        help_text=_("Shown in the header. A wide PNG with a transparent background works best."),
    )
    wechat_account = models.CharField(_("WeChat official account"), max_length=100, blank=True)
    wechat_qr = models.ImageField(
        _("WeChat QR code"),
        upload_to=RandomUploadPath("site"),
        blank=True,
        validators=[ImageValidator(max_bytes=2 * 1024 * 1024)],
        help_text=_("Shown when a reader opens the WeChat link in the header."),
    )
    qq_group = models.CharField(_("QQ group number"), max_length=30, blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("For example 京ICP备…号")
    )
    police_filing_number = models.CharField(
        _("public security filing number"), max_length=60, blank=True
    )
    copyright_holder = models.CharField(_("copyright holder"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(
        _("site description"),
        blank=True,
        max_length=300,
        help_text=_("Used as the description for search engines where a page has none."),
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    mourning = models.BooleanField(
        _("mourning mode"),
        default=False,
        help_text=_(
            "Shows the public site in grayscale. With a start or end time it begins and ends "
            "on its own, at that time."
        ),
    )
    mourning_start = models.DateTimeField(_("mourning mode from"), null=True, blank=True)
    mourning_end = models.DateTimeField(_("mourning mode until"), null=True, blank=True)
    headline_count = models.PositiveSmallIntegerField(
        _("number of headlines"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many headlines the home page carousel shows (1–10)."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.mourning_start and self.mourning_end and self.mourning_end <= self.mourning_start:
            raise ValidationError(
                {"mourning_end": _("The end of mourning mode must come after its start.")}
            )

    @classmethod
    def load(cls):
        """The settings record, or unsaved defaults: reading a page never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class NavItem(models.Model):
    """An entry of the main navigation; entries with a parent form its dropdown."""

    title = models.CharField(_("title"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a top-level entry."),
    )
    target = models.CharField(
        _("links to"),
        max_length=80,
        blank=True,
        help_text=_("A channel, topic or page of the site. Its address follows it when it moves."),
    )
    url = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_(
            "Used when no channel or page is chosen: a path such as /submit/ or a full URL."
        ),
    )
    include_children = models.BooleanField(
        _("list sub-entries automatically"),
        default=False,
        help_text=_("Show the sub-channels or sub-pages of the chosen target as a dropdown."),
    )
    open_in_new_window = models.BooleanField(_("open in a new window"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("navigation item")
        verbose_name_plural = _("navigation")

    def __str__(self):
        return f"{self.parent} › {self.title}" if self.parent_id else self.title

    def clean(self):
        if not self.target and not self.url:
            raise ValidationError(_("Choose what the entry links to, or enter an address."))
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An entry cannot be its own parent.")})
        if self.url and url_scheme(self.url) not in {None, *URL_SCHEMES}:
            raise ValidationError({"url": _("Enter a path or an http(s) address.")})


class LinkGroup(models.Model):
    """A group of links in the footer (government bodies, associations, media, friends)."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A short ASCII key; some groups (associations) are also filled automatically."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("link group")
        verbose_name_plural = _("link groups")

    def __str__(self):
        return self.name


class Link(models.Model):
    group = models.ForeignKey(
        LinkGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="links"
    )
    name = models.CharField(_("name"), max_length=60)
    url = models.URLField(_("address"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.name


class Generation(models.Model):
    """The content generation (portal.generation): one row, bumped by every change of public
    content in the change's own transaction, so every process and the replica see it move
    exactly when the change becomes visible."""

    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generation")

    def __str__(self):
        return str(self.value)


class SharedCounter(models.Model):
    """A fixed-window counter shared by every process when there is no Redis
    (portal.ratelimit): rate limits and the view beacon's once-per-reader window."""

    key = models.CharField(_("key"), max_length=120, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.FloatField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("shared counter")
        verbose_name_plural = _("shared counters")

    def __str__(self):
        return f"{self.key}: {self.count}"

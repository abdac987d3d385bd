"""What the public sends: manuscripts (投稿) with private attachments, and messages (留言)."""

import hashlib
import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.querysets import PublishedQuerySet
from portal.uploads import RandomUploadPath

# No 0/O, 1/I/L: a number read over the phone must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def dated_number(prefix):
    """`TG20261126-8F3K2Q`: a date for humans, 6 random characters (~30 bits) for uniqueness."""
    return f"{prefix}{timezone.localdate():%Y%m%d}-{random_code(6)}"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File storage under settings.PRIVATE_MEDIA_ROOT, read at use time, with no public URL.

    The web server never serves this folder; staff get files through
    `submissions:attachment-download`, which checks permissions.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")

    def __eq__(self, other):
        return isinstance(other, PrivateStorage)


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


class HeldForWords(models.Model):
    """A public submission checked against the sensitive-word lists (editorial.wordcheck)."""

    held = models.BooleanField(
        _("held for sensitive words"),
        default=False,
        db_index=True,
        editable=False,
        help_text=_(
            "It contains a blocked word: it waits for a moderator's decision in its own form "
            "and is never approved or published by a bulk action."
        ),
    )
    word_hits = models.JSONField(_("flagged words"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True


class Manuscript(HeldForWords):
    """A manuscript sent through the public form, followed by editors up to publication."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FIRST_REVIEW = "first_review", _("First review")
        SECOND_REVIEW = "second_review", _("Second review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        PUBLISHED = "published", pgettext_lazy("manuscript status", "Published")

    tracking_number = models.CharField(
        _("tracking number"), max_length=20, unique=True, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    author_name = models.CharField(_("author"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"), max_length=254)
    preferred_channel = models.ForeignKey(
        "articles.Channel",
        verbose_name=_("preferred channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    abstract = models.TextField(_("abstract"), max_length=2000)
    text = models.TextField(_("text"), max_length=100_000, blank=True)
    declaration = models.BooleanField(
        _("declaration accepted"),
        default=False,
        help_text=_("The contributor declared the work original and consented to editing."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
        help_text=_("Each change is recorded with who made it and when, and shown to the author."),
    )
    reply = models.TextField(
        _("reply to the contributor"),
        blank=True,
        help_text=_("Shown to the contributor on the status page."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Only editors see these notes.")
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The article made from this manuscript. Once the article is publicly visible, "
            "the contributor's status page links to it and shows the manuscript as published."
        ),
    )
    magazine_url = models.URLField(
        _("magazine issue link"),
        blank=True,
        help_text=_("Address of the magazine issue that printed it, if any."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitter_ip = models.GenericIPAddressField(_("sender's IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("manuscript")
        verbose_name_plural = _("manuscripts")

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def get_absolute_url(self):
        return reverse("admin:submissions_manuscript_change", args=[self.pk])

    def published_article(self):
        """The linked article if it is publicly visible now, else None.

        Read at request time through `Article.objects.published()`: a scheduled article
        goes public without any save, so no stored flag could follow it.
        """
        from articles.models import Article

        if not self.article_id:
            return None
        return (
            Article.objects.published().filter(pk=self.article_id).only("pk", "publish_at").first()
        )

    def public_status(self, article=None):
        """The status a contributor sees: 已刊发 as soon as the linked article is public."""
        if article is not None:
            return self.Status.PUBLISHED
        return self.Status(self.status)


class ManuscriptAttachment(models.Model):
    """A file sent with a manuscript; stored privately under a random name."""

    manuscript = models.ForeignKey(
        Manuscript,
        verbose_name=_("manuscript"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"),
        storage=get_private_storage,
        upload_to=RandomUploadPath("manuscripts"),
        max_length=200,
    )
    original_name = models.CharField(_("original file name"), max_length=150)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("submissions:attachment-download", args=[self.pk])


class StatusChange(models.Model):
    """One step of a manuscript's history: which status, when, and who set it."""

    manuscript = models.ForeignKey(
        Manuscript,
        verbose_name=_("manuscript"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=20, choices=Manuscript.Status.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_status_display()} {self.changed_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.manuscript.get_absolute_url()


class MessageCategory(models.Model):
    """A kind of message (咨询, 建议…), routed to the department that answers it."""

    name = models.CharField(_("name"), max_length=30)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Lower-case ASCII used in the address, e.g. advice.")
    )
    email = models.EmailField(
        _("department e-mail"),
        blank=True,
        help_text=_("New messages of this category are sent here; empty: the editors' address."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("message category")
        verbose_name_plural = _("message categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('submissions:message-list')}?category={self.slug}"


class MessageQuerySet(PublishedQuerySet):
    def published(self):
        """Messages listed publicly (留言选登): approved, the writer agreed, never a held one."""
        return self.filter(state=Message.State.APPROVED, agree_to_publish=True, held=False)

    def overdue(self):
        """Not answered within settings.SUBMISSIONS_REPLY_DUE_DAYS of being sent."""
        return self.filter(self.overdue_condition())

    def with_overdue(self):
        """Each message with `is_overdue`, computed in the query (the admin's list)."""
        return self.annotate(
            is_overdue=ExpressionWrapper(self.overdue_condition(), output_field=BooleanField())
        )

    @staticmethod
    def overdue_condition():
        due = timezone.now() - timedelta(days=settings.SUBMISSIONS_REPLY_DUE_DAYS)
        return Q(reply="", created_at__lt=due)


class Message(HeldForWords):
    """A reader's message: hidden until approved, listed only if the writer agreed."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(_("message number"), max_length=20, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    category = models.ForeignKey(
        MessageCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    contact = models.CharField(
        _("contact"), max_length=100, help_text=_("Private: never shown on the site.")
    )
    subject = models.CharField(_("subject"), max_length=100)
    content = models.TextField(_("content"), max_length=2000)
    agree_to_publish = models.BooleanField(_("agrees to publication"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    reply = models.TextField(
        _("reply"), blank=True, help_text=_("Shown to the writer and, if published, to everyone.")
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True, editable=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    submitter_ip = models.GenericIPAddressField(_("sender's IP address"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["state", "agree_to_publish", "created_at"])]

    def __str__(self):
        return f"{self.number} {self.subject}"

    def get_absolute_url(self):
        return reverse("submissions:message-list")

    @staticmethod
    def hash_code(code):
        return hashlib.sha256(code.strip().upper().encode()).hexdigest()

    def set_query_code(self, code):
        self.query_code_hash = self.hash_code(code)

    def check_query_code(self, code):
        return secrets.compare_digest(self.query_code_hash, self.hash_code(code))

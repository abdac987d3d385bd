"""What every kind of content shares: the audit log, the word lists (sensitive words and
common mistakes) and revisions.

The tables were created by the `portal` and `articles` apps and keep their names
(`Meta.db_table`); migration 0001 moved only Django's idea of where the models live.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.text import normalize_term


class AuditLogIsAppendOnly(PermissionDenied):
    """Raised by any attempt to change or delete an audit entry through the ORM."""


class AuditQuerySet(models.QuerySet):
    """Entries are added, never changed or deleted: not by the admin, a bulk action, a
    management command or the shell. (Deleting a user or a content type still empties the
    entry's link to it through Django's SET_NULL, which runs on the base manager; the
    copied user name and object text stay.)"""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("The audit log cannot be deleted from.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")


class AuditEntry(models.Model):
    """One recorded decision: who did what to which object, when, and from where.

    Written through `editorial.audit.record()`; never changed afterwards (`save()` of a stored
    entry, `delete()` and the queryset's `update()`/`delete()` raise
    `AuditLogIsAppendOnly`). The user's name is copied so an entry still names a person
    after the account is deleted.
    """

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("audit action", "created")
        CHANGED = "changed", pgettext_lazy("audit action", "changed")
        SUBMITTED = "submitted", pgettext_lazy("audit action", "submitted for review")
        PUBLISHED = "published", pgettext_lazy("audit action", "published")
        PUBLISHED_ANYWAY = (
            "published_anyway",
            pgettext_lazy("audit action", "published despite warnings"),
        )
        REJECTED = "rejected", pgettext_lazy("audit action", "rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("audit action", "withdrawn")
        PINNED = "pinned", pgettext_lazy("audit action", "pinned")
        UNPINNED = "unpinned", pgettext_lazy("audit action", "unpinned")
        DELETED = "deleted", pgettext_lazy("audit action", "deleted")
        RESTORED = "restored", pgettext_lazy("audit action", "restored")
        STATUS_CHANGED = "status_changed", pgettext_lazy("audit action", "status changed")
        REPLY_PUBLISHED = "reply_published", pgettext_lazy("audit action", "reply published")
        LOGIN = "login", pgettext_lazy("audit action", "logged in")
        LOGOUT = "logout", pgettext_lazy("audit action", "logged out")
        LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "login failed")
        # Staff accounts (accounts/): second factor, sessions, passwords, lockout.
        OTP_ENROLLED = "otp_enrolled", pgettext_lazy("audit action", "second factor enrolled")
        OTP_VERIFIED = "otp_verified", pgettext_lazy("audit action", "second factor passed")
        OTP_FAILED = "otp_failed", pgettext_lazy("audit action", "second factor failed")
        RECOVERY_CODE_USED = (
            "recovery_code_used",
            pgettext_lazy("audit action", "recovery code used"),
        )
        RECOVERY_CODES_REPLACED = (
            "codes_replaced",
            pgettext_lazy("audit action", "recovery codes replaced"),
        )
        OTP_RESET = "otp_reset", pgettext_lazy("audit action", "second factor reset")
        UNLOCKED = "unlocked", pgettext_lazy("audit action", "login unlocked")
        SESSION_EXPIRED = "session_expired", pgettext_lazy("audit action", "session expired")
        PASSWORD_CHANGED = "password_changed", pgettext_lazy("audit action", "password changed")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        db_table = "portal_auditentry"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.username or '-'} {self.get_action_display()} {self.object_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("An audit entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("An audit entry cannot be deleted.")


class WordListEntry(models.Model):
    """Shared by the two word lists: the term as typed and its normalised form (unique)."""

    normalized = models.CharField(max_length=200, unique=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    term_field = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalized = normalize_term(getattr(self, self.term_field))
        super().save(*args, **kwargs)

    def clean(self):
        term = getattr(self, self.term_field)
        normalized = normalize_term(term)
        if not normalized:
            raise ValidationError({self.term_field: _("Enter at least one visible character.")})
        if len(normalized) > 200:
            raise ValidationError({self.term_field: _("The entry is too long.")})
        duplicate = type(self).objects.filter(normalized=normalized).exclude(pk=self.pk).first()
        if duplicate is not None:
            raise ValidationError(
                {
                    self.term_field: _(
                        "“%(other)s” is already in the list (the same after ignoring "
                        "full-width/half-width forms and case)."
                    )
                    % {"other": getattr(duplicate, self.term_field)}
                }
            )


class SensitiveWord(WordListEntry):
    """A word that must not be published (block) or needs a second look (warn)."""

    class Level(models.TextChoices):
        BLOCK = "block", _("block")
        WARN = "warn", _("warn")

    word = models.CharField(_("word"), max_length=100)
    level = models.CharField(
        _("level"),
        max_length=5,
        choices=Level.choices,
        default=Level.BLOCK,
        help_text=_(
            "Block: publishing is refused until the word is removed. "
            "Warn: publishing needs an explicit confirmation, which is recorded."
        ),
    )

    term_field = "word"

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        db_table = "portal_sensitiveword"

    def __str__(self):
        return self.word


class CommonMistake(WordListEntry):
    """A common mistake (错别字) and the form to use instead."""

    wrong = models.CharField(_("wrong form"), max_length=100)
    right = models.CharField(_("right form"), max_length=100)

    term_field = "wrong"

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("common mistake")
        verbose_name_plural = _("common mistakes")
        db_table = "portal_commonmistake"

    def __str__(self):
        return f"{self.wrong} → {self.right}"

    def clean(self):
        super().clean()
        if normalize_term(self.right) == normalize_term(self.wrong):
            raise ValidationError({"right": _("The right form must differ from the wrong one.")})


class Revision(models.Model):
    """One saved state of an article or an association page: who, when, and the content.

    Pending changes to a live article are a revision too, one that is not applied to the
    article until a reviewer publishes it (`Article.pending_revision`).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES = "changes", _("Changes submitted for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RESTORED = "restored", _("Restored")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    data = models.JSONField(_("content"))
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        db_table = "articles_revision"
        indexes = [
            models.Index(fields=["content_type", "object_id", "-id"], name="revision_object_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

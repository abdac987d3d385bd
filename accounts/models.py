"""What the staff login keeps besides Django's users: recovery codes (hashed) and the time
of each user's last password change."""

import hashlib
import hmac
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

RECOVERY_CODE_COUNT = 10
# Ten characters from 32 unambiguous ones (no 0/o, 1/l/i): 50 bits each, too many to guess
# through a login that locks after five failures, so a fast salted hash is enough to keep
# a copy of the database from giving the codes away.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10


def normalize_code(code):
    """What people type: any case, with or without the dash and spaces."""
    return "".join(str(code).split()).replace("-", "").lower()


def _digest(salt, code):
    return hashlib.sha256(f"{salt}:{normalize_code(code)}".encode()).hexdigest()


class RecoveryCodeDevice(Device):
    """A django-otp device that accepts each of its recovery codes once.

    Made at enrolment next to the authenticator; the codes are shown once, then only their
    salted hashes remain (`RecoveryCode`).
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def replace_codes(self):
        """Forget the old codes, make `RECOVERY_CODE_COUNT` new ones and return them (the
        only time they exist in plain text), formatted as `abcde-fghjk`."""
        self.codes.all().delete()
        plain = [
            "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_LENGTH))
            for _j in range(RECOVERY_CODE_COUNT)
        ]
        rows = []
        for code in plain:
            salt = secrets.token_hex(8)
            rows.append(RecoveryCode(device=self, salt=salt, digest=_digest(salt, code)))
        RecoveryCode.objects.bulk_create(rows)
        return [f"{code[:5]}-{code[5:]}" for code in plain]

    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token):
        """True once per code: a used code is marked and never accepted again."""
        code = normalize_code(token)
        if len(code) != RECOVERY_LENGTH:
            return False
        for row in self.codes.select_for_update().filter(used_at__isnull=True):
            if hmac.compare_digest(row.digest, _digest(row.salt, code)):
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                return True
        return False


class RecoveryCode(models.Model):
    """One recovery code, as a salted SHA-256 of its normalised text."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.device.user} #{self.pk}"


class PasswordRecord(models.Model):
    """When a user's password last changed (written by `passwords.PasswordAgeRecorder`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record"
    )
    changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)

    class Meta:
        ordering = ["user"]
        verbose_name = _("password record")
        verbose_name_plural = _("password records")

    def __str__(self):
        return f"{self.user}: {self.changed_at:%Y-%m-%d}"


class LoginLock(AccessAttempt):
    """django-axes' failed logins (by account and address) as the admin shows them: a proxy
    that carries the 登录锁定 permissions (view, unlock)."""

    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = _("login lock")
        verbose_name_plural = _("login locks")
        default_permissions = ("view",)
        permissions = [("unlock_login", _("Can unlock locked logins"))]

    def __str__(self):
        return f"{self.username} @ {self.ip_address}"

"""The second factor: who needs it, enrolment, verification, reset.

A TOTP authenticator (django-otp's TOTPDevice: RFC 6238, SHA-1, 6 digits, 30 s, the
format every authenticator app reads, 阿里云 and WeChat mini-programs included) plus ten
single-use recovery codes (`RecoveryCodeDevice`). A session that passed either is
"verified" (django-otp's OTPMiddleware: `request.user.is_verified()`).
"""

import re

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import audit

from . import lockout
from .models import RecoveryCodeDevice

TOTP_NAME = "身份验证器"


def required(user):
    """Must this user pass a second factor? Superusers, members of
    SECOND_FACTOR_REQUIRED_GROUPS and anyone with an authenticator: one query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(groups__name__in=settings.SECOND_FACTOR_REQUIRED_GROUPS)
            | Q(totpdevice__confirmed=True)
        )
        .exists()
    )


def authenticator(user):
    """The user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user):
    """The authenticator being enrolled (not confirmed yet): one per user, kept across
    reloads of the enrolment page so the QR code the phone scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_for_typing(device):
    """The key in base32 in groups of four, for apps without a camera."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm_enrolment(request, device, token):
    """The first code from the new authenticator: on success the device replaces any
    other, the session is verified and ten new recovery codes are returned (plain text,
    this once); on failure None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not looks_like_totp(token) or not device.verify_token(_digits(token)):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(device.user)
    request.session.cycle_key()  # more rights from here on: a new session key
    django_otp.login(request, device)
    audit.record(request, audit.Action.OTP_ENROLLED, device.user)
    lockout.clear(request, device.user)
    return codes


def replace_recovery_codes(user):
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "恢复码"}
    )
    return device.replace_codes()


def recovery_codes_left(user):
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return device.remaining() if device else 0


def _digits(token):
    return re.sub(r"\s", "", str(token))


def looks_like_totp(token):
    return re.fullmatch(r"\d{6}", _digits(token)) is not None


def verify(request, token):
    """Check a code typed at login: six digits against the authenticator, anything else
    against the recovery codes. Returns the device that accepted it, or None. Success and
    failure are audited; a failure counts towards the login lockout."""
    user = request.user
    device = None
    with transaction.atomic():
        if looks_like_totp(token):
            candidate = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            candidate = candidate.first()
            if candidate is not None and candidate.verify_token(_digits(token)):
                device = candidate
        else:
            candidate = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
            if candidate is not None and candidate.verify_token(token):
                device = candidate
    if device is None:
        audit.record(request, audit.Action.OTP_FAILED, user)
        lockout.second_factor_failed(request, user)
        return None
    request.session.cycle_key()  # more rights from here on: a new session key
    django_otp.login(request, device)
    if isinstance(device, RecoveryCodeDevice):
        audit.record(
            request,
            audit.Action.RECOVERY_CODE_USED,
            user,
            detail=f"剩余 {device.remaining()} 个恢复码",
        )
    else:
        audit.record(request, audit.Action.OTP_VERIFIED, user)
    lockout.clear(request, user)
    return device


def throttled_until(user):
    """When the authenticator accepts codes again after quick failures (django-otp's
    exponential back-off: 1, 2, 4, 8 … seconds), or None."""
    device = authenticator(user)
    if device is None:
        return None
    allowed, info = device.verify_is_allowed()
    return None if allowed else (info or {}).get("locked_until")


def reset(user, *, by=""):
    """Remove every second factor of `user` (lost phone): the next login enrols anew."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit.record(None, audit.Action.OTP_RESET, user, detail=by)

"""Password policy: character classes (with Django's length, similarity and common-password
validators, see AUTH_PASSWORD_VALIDATORS) and expiry after PASSWORD_MAX_AGE_DAYS."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

CLASSES = {
    "lower": lambda c: c.islower(),
    "upper": lambda c: c.isupper(),
    "digit": lambda c: c.isdigit(),
    # Anything else: punctuation, spaces, symbols, Chinese characters.
    "other": lambda c: not (c.islower() or c.isupper() or c.isdigit()),
}


def character_classes(password):
    return {name for name, test in CLASSES.items() if any(test(c) for c in password)}


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                ngettext(
                    "The password must mix at least %(count)d kind of character: lower-case "
                    "letters, upper-case letters, digits and symbols.",
                    "The password must mix at least %(count)d kinds of characters: lower-case "
                    "letters, upper-case letters, digits and symbols.",
                    self.min_classes,
                )
                % {"count": self.min_classes},
                code="password_too_simple",
                params={"count": self.min_classes},
            )

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character: lower-case "
            "letters, upper-case letters, digits and symbols.",
            "Your password must mix at least %(count)d kinds of characters: lower-case "
            "letters, upper-case letters, digits and symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}


class PasswordAgeRecorder:
    """Validates nothing; Django calls `password_changed()` whenever a user's password is
    saved (admin, password change form, `manage.py changepassword`, `create_user`), and
    that is when the password's age starts."""

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        return ""

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from editorial import audit

        from .models import PasswordRecord

        _record, created = PasswordRecord.objects.update_or_create(
            user=user, defaults={"changed_at": timezone.now()}
        )
        # The password an account is created with is no change; a first change of an
        # account older than this feature (no record yet, but logged in before) is.
        if user.is_staff and (not created or user.last_login is not None):
            audit.record(None, audit.Action.PASSWORD_CHANGED, user, user=user)


def password_changed_at(user):
    """When the password was last set; accounts older than this feature count from joining."""
    from .models import PasswordRecord

    record = PasswordRecord.objects.filter(user=user).only("changed_at").first()
    return record.changed_at if record else user.date_joined


def password_expired(user, now=None):
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or not user.has_usable_password():
        return False
    now = now or timezone.now()
    return now - password_changed_at(user) >= datetime.timedelta(days=days)

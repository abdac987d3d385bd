"""The audit log: who did what to which object, when, from which address.

    from editorial import audit
    audit.record(request, audit.Action.PUBLISHED, article)
    audit.record(None, audit.Action.PUBLISHED, article, detail="scheduled")  # system action
    audit.record_many(request, audit.Action.PUBLISHED, articles)  # bulk actions: one query

`request` may be None for actions nobody started through the web (the user is then
empty unless given). The client IP follows the rate limiter's rule
(`portal.ratelimit.client_ip`, `TRUSTED_PROXY_COUNT`). Entries are written in the
caller's transaction, so a rolled-back change leaves no entry.

Admin add/change/delete of any ModelAdmin using `portal.auditing.AuditedAdminMixin`
(change form, list_editable, the delete action) arrive here through its signal.
"""

import ipaddress
import json

from django.contrib.admin.models import LogEntry
from django.contrib.auth import signals as auth_signals
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver

from portal.auditing import admin_logged
from portal.ratelimit import client_ip

from .models import AuditEntry

Action = AuditEntry.Action

MAX_DETAIL = 4000


def _ip(request):
    """The client IP as stored: None when missing or not an address (a forged header)."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request).strip()))
    except ValueError:
        return None


def _user(request, user):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return user


def _entry(action, obj, detail, user, ip):
    action = Action(action)  # an unknown action is a programming error: fail loudly
    entry = AuditEntry(
        action=action,
        user=user,
        username=user.get_username() if user else "",
        detail=str(detail or "")[:MAX_DETAIL],
        ip=ip,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = "" if obj.pk is None else str(obj.pk)
        entry.object_repr = str(obj)[:200]
    return entry


def record(request, action, obj=None, *, detail="", user=None):
    """Write one audit entry and return it.

    `user` overrides the request's user (logout, where the request is already anonymous
    for the signal's receivers, and system actions done on someone's behalf).
    """
    entry = _entry(action, obj, detail, _user(request, user), _ip(request))
    entry.save()
    return entry


def record_many(request, action, objects, *, detail="", user=None):
    """One entry per object in a single INSERT: for bulk actions.

    `detail` is a string or a function of the object (e.g. its old status).
    """
    user, ip = _user(request, user), _ip(request)
    entries = [
        _entry(action, obj, detail(obj) if callable(detail) else detail, user, ip)
        for obj in objects
    ]
    return AuditEntry.objects.bulk_create(entries)


def _readable(message):
    """The admin's change message (JSON) as the sentence its history page shows."""
    if isinstance(message, list):
        message = json.dumps(message)
    return LogEntry(change_message=message).get_change_message()


# --- staff sign-in ---------------------------------------------------------------------


@receiver(auth_signals.user_logged_in, dispatch_uid="editorial.audit.login")
def _logged_in(sender, request, user, **kwargs):
    if user.is_staff:
        record(request, Action.LOGIN, user, user=user)


@receiver(auth_signals.user_logged_out, dispatch_uid="editorial.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_staff:
        record(request, Action.LOGOUT, user, user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="editorial.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` is already cleansed by Django; only the name is kept, never a password.
    name = str(credentials.get("username", ""))[:150]
    record(request, Action.LOGIN_FAILED, detail=name, user=None)


@receiver(admin_logged, dispatch_uid="editorial.audit.admin")
def _admin_logged(sender, request, action, objects, message="", **kwargs):
    if action == Action.DELETED:
        record_many(request, Action.DELETED, objects)
    else:
        record(request, action, objects[0], detail=_readable(message))

"""登录锁定 in the admin: who is locked from where and until when, with an audited unlock
for reviewers and superusers. django-otp's device admin is not shown: its pages would show
the authenticators' secret keys (a lost phone is `manage.py reset_second_factor`)."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import audit

from . import lockout
from .models import LoginLock

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
del totp_admin


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Failed logins by account and address; "unlock" clears an account's failures from
    every address (audited). Nothing else can be added or changed here."""

    list_display = ["username", "ip_address", "failures", "last_failure", "state"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "failures", "last_failure", "state"]
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(description=_("failed logins"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("last failure"), ordering="attempt_time")
    def last_failure(self, obj):
        return timezone.localtime(obj.attempt_time)

    @admin.display(description=_("state"))
    def state(self, obj):
        until = obj.attempt_time + lockout.cooloff()
        if until <= timezone.now():
            return _("expired")
        if obj.failures_since_start >= settings.AXES_FAILURE_LIMIT:
            return _("locked until %(time)s") % {"time": f"{timezone.localtime(until):%H:%M}"}
        return _("counting")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_unlock_permission(self, request):
        return request.user.has_perm("accounts.unlock_login")

    @admin.action(description=_("Unlock the selected accounts"), permissions=["unlock"])
    def unlock(self, request, queryset):
        names = sorted({row.username for row in queryset if row.username})
        users = {
            user.get_username(): user
            for user in get_user_model().objects.filter(username__in=names)
        }
        for name in names:
            lockout.unlock(name)
            audit.record(request, audit.Action.UNLOCKED, users.get(name), detail=name)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d account: %(names)s.",
                "Unlocked %(count)d accounts: %(names)s.",
                len(names),
            )
            % {"count": len(names), "names": "、".join(names)},
            messages.SUCCESS,
        )

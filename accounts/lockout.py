"""Login lockout without collateral damage (django-axes with our policy).

- Failures (wrong password, wrong second-factor code) are counted per account *and*
  address: 5 within AXES_COOLOFF_TIME lock that account from that address only. Someone
  guessing at an account from elsewhere cannot lock its owner out.
- An address is locked as a whole once its failures on all accounts together reach
  AXES_ADDRESS_FAILURE_LIMIT (50): password spraying ends there.
- A locked login is told when to try again.
- Failures are cleared when a login is complete: after the second factor where one is
  needed (a right password alone would otherwise reset the count of wrong codes).
"""

import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.middleware import error_response


def cooloff():
    return datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler plus the per-address ceiling."""

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes flags the request (so its middleware answers with the lockout page) only for
        # the account's own limit; the address's ceiling is ours.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _recent(request):
    return AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    )


def address_failures(request):
    AxesProxyHandler.update_request(request)
    return _recent(request).aggregate(total=Sum("failures_since_start"))["total"] or 0


def locked_until(request, credentials=None):
    """(when the lock ends, whether it is the whole address's): the account's lock from this
    address if it has one, else the address's."""
    AxesProxyHandler.update_request(request)
    recent = _recent(request)
    username = get_client_username(request, credentials)
    mine = recent.filter(username=username).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if mine["failures"] and mine["failures"] >= settings.AXES_FAILURE_LIMIT:
        return mine["last"] + cooloff(), False
    last = recent.aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cooloff(), True


def lockout_response(request, original_response=None, credentials=None):
    """What a locked login gets: 429 in Chinese, saying until when."""
    until, whole_address = locked_until(request, credentials)
    until = timezone.localtime(until)
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    if whole_address:
        message = _(
            "Too many failed logins came from your address, on several accounts: logins "
            "from it are locked. Try again after %(time)s (in about %(minutes)s minutes)."
        )
    else:
        message = _(
            "After repeated failed logins this account is locked from your address. Try "
            "again after %(time)s (in about %(minutes)s minutes), or ask a reviewer or an "
            "administrator to unlock it. Other accounts are not affected."
        )
    return error_response(
        _("Too many failed logins"),
        message % {"time": date_format(until, "H:i"), "minutes": minutes},
        status=429,
        headers={"Retry-After": str(minutes * 60)},
    )


def _credentials(user):
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def second_factor_failed(request, user):
    """A wrong code counts like a wrong password (same account, same address)."""
    AxesProxyHandler.user_login_failed(
        sender=second_factor_failed, credentials=_credentials(user), request=request
    )


def is_locked(request, user):
    return not AxesProxyHandler.is_allowed(request, _credentials(user))


def clear(request, user):
    """The login is complete: forget this account's failures from this address."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, _credentials(user))


def unlock(username):
    """Unlock an account from every address (the admin's 解锁). Returns rows removed."""
    count, _rows = AccessAttempt.objects.filter(username=username).delete()
    return count

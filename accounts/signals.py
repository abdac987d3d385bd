"""Login bookkeeping: start the session clocks, note an expired password."""

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from . import passwords, sessions

PASSWORD_EXPIRED = "accounts_password_expired"


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.login")
def _logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request.session)
    if passwords.password_expired(user):
        request.session[PASSWORD_EXPIRED] = True


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.login_complete")
def _password_login_complete(sender, request, user, **kwargs):
    """Without a second factor the right password completes the login: its earlier
    failures from this address are forgotten (with one, the code does that)."""
    from . import lockout, second_factor

    if request is None or not hasattr(request, "META"):
        return
    if not second_factor.required(user):
        lockout.clear(request, user)

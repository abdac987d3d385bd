"""The staff login's second step (code or enrolment), recovery codes, and the session
status the admin's idle warning asks for. Every page is in the admin's look."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from editorial import audit

from . import lockout, second_factor, sessions
from .forms import CodeForm

LOW_RECOVERY_CODES = 3


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _context(request, title, **extra):
    return {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "title": title,
        "is_nav_sidebar_enabled": False,
        "has_permission": False,
        "next": _next(request),
        **extra,
    }


def _login_first(request):
    return _to("admin:login", reverse("admin:index"))


def _to(name, next_url):
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


@never_cache
def verify(request):
    """The code after the password: six digits from the authenticator, or a recovery code."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    if user.is_verified():
        return redirect(_next(request))
    if second_factor.authenticator(user) is None:
        return _to("accounts:enrol", _next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if lockout.is_locked(request, user):
            logout(request)
            return lockout.lockout_response(request, credentials={"username": user.username})
        code = form.cleaned_data["code"]
        # django-otp's back-off after quick wrong codes; a recovery code is not slowed.
        until = second_factor.throttled_until(user) if second_factor.looks_like_totp(code) else None
        if until is not None:
            seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "code",
                _("Too many wrong codes in a row. Wait %(seconds)d seconds, then try again.")
                % {"seconds": seconds},
            )
        elif second_factor.verify(request, code):
            left = second_factor.recovery_codes_left(user)
            if left <= LOW_RECOVERY_CODES:
                messages.warning(
                    request,
                    _(
                        "Only %(count)d recovery codes are left. Make new ones under "
                        "“Second factor” (top right)."
                    )
                    % {"count": left},
                )
            return redirect(_next(request))
        elif getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout.lockout_response(request, credentials={"username": user.username})
        else:
            form.add_error(
                "code",
                _(
                    "The code is not right. Check that your phone's clock is correct, or use "
                    "one of your recovery codes."
                ),
            )
    return render(
        request,
        "accounts/verify.html",
        _context(request, _("Second factor"), form=form, username=user.get_username()),
    )


@never_cache
def enrol(request):
    """Set up the authenticator: scan the QR code, type the first code, keep the recovery
    codes. A user who has one must pass it first (then may replace it here)."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    if not user.is_verified() and second_factor.authenticator(user) is not None:
        return _to("accounts:verify", _next(request))
    device = second_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes:
            return render(
                request,
                "accounts/recovery_codes.html",
                _context(request, _("Your recovery codes"), codes=codes, enrolled=True),
            )
        audit.record(request, audit.Action.OTP_FAILED, user, detail=_("enrolment"))
        form.add_error(
            "code",
            _("The code is not right. Type the six digits your app shows now for this account."),
        )
    return render(
        request,
        "accounts/enrol.html",
        _context(
            request,
            _("Set up the second factor"),
            form=form,
            qr=_qr_data_uri(device.config_url),
            secret=second_factor.secret_for_typing(device),
            issuer=settings.OTP_TOTP_ISSUER,
            username=user.get_username(),
        ),
    )


def _qr_data_uri(text):
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


@never_cache
def recovery_codes(request):
    """How many recovery codes are left; make ten new ones (the old ones stop working)."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    if not user.is_verified():
        return _to("accounts:verify", request.path)
    if request.method == "POST":
        codes = second_factor.replace_recovery_codes(user)
        audit.record(request, audit.Action.RECOVERY_CODES_REPLACED, user)
        return render(
            request,
            "accounts/recovery_codes.html",
            _context(request, _("Your recovery codes"), codes=codes, enrolled=False),
        )
    return render(
        request,
        "accounts/second_factor.html",
        _context(
            request,
            _("Second factor"),
            left=second_factor.recovery_codes_left(user),
            has_authenticator=second_factor.authenticator(user) is not None,
        ),
    )


@never_cache
@require_GET
def session_status(request):
    """Seconds left before the idle and the absolute end; asking does not count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False})
    idle, absolute = sessions.remaining(request.session)
    return JsonResponse(
        {
            "authenticated": True,
            "idle_remaining": int(min(idle, absolute)),
            "warning": settings.STAFF_SESSION_WARNING_SECONDS,
        }
    )


@never_cache
@require_POST
def keepalive(request):
    """“Keep working” in the idle warning: counts as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False}, status=401)
    sessions.touch(request.session, force=True)
    idle, absolute = sessions.remaining(request.session)
    return JsonResponse({"authenticated": True, "idle_remaining": int(min(idle, absolute))})

"""StaffAccountMiddleware: what every request of a logged-in user passes (after django-otp's
OTPMiddleware).

1. The session's idle and absolute limits (`sessions`): over either, the session ends
   (audited) and the user is sent to the login page, or gets 401 on a background request.
2. The second factor: a user who needs one (`second_factor.required`) and has not passed
   it in this session reaches only the enrolment or code page and the logout.
3. An expired password: only the password change page until it is changed.

Requests without a session cookie (readers) pass untouched: no session is read or made.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from editorial import audit

from . import passwords, second_factor, sessions
from .signals import PASSWORD_EXPIRED

# Views a user may reach before the second factor (and with an expired password).
OPEN_BEFORE_SECOND_FACTOR = (
    "accounts:verify",
    "accounts:enrol",
    "accounts:session",
    "admin:logout",
)
OPEN_WITH_EXPIRED_PASSWORD = (
    *OPEN_BEFORE_SECOND_FACTOR,
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
)


def _paths(names):
    return {reverse(name) for name in names}


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "fetch" or (
        "application/json" in request.headers.get("Accept", "")
    )


class StaffAccountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.check(request)
        return response or self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        session = request.session
        ended = sessions.expired(session)
        if ended:
            return self.end_session(request, ended)
        if request.path_info != reverse("accounts:session"):
            sessions.touch(session)
        if not user.is_verified() and second_factor.required(user):
            if request.path_info in _paths(OPEN_BEFORE_SECOND_FACTOR):
                return None
            name = "accounts:verify" if second_factor.authenticator(user) else "accounts:enrol"
            return self.send_to(request, name)
        if session.get(PASSWORD_EXPIRED):
            if not passwords.password_expired(user):
                del session[PASSWORD_EXPIRED]
            elif request.path_info not in _paths(OPEN_WITH_EXPIRED_PASSWORD):
                messages.warning(
                    request,
                    _("Your password has expired. Choose a new one to go on."),
                    fail_silently=True,
                )
                return self.send_to(request, "admin:password_change", keep_next=False)
        return None

    def send_to(self, request, name, keep_next=True):
        if _wants_json(request):
            return JsonResponse({"error": "second_factor_required"}, status=403)
        url = reverse(name)
        if keep_next and request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)

    def end_session(self, request, why):
        user = request.user
        audit.record(
            request,
            audit.Action.SESSION_EXPIRED,
            user,
            user=user,
            detail=_("idle for too long") if why == "idle" else _("longest session time reached"),
        )
        request.session.flush()
        anonymous = AnonymousUser()
        anonymous.otp_device = None
        anonymous.is_verified = lambda: False
        request.user = anonymous
        if _wants_json(request):
            return JsonResponse({"authenticated": False, "expired": why}, status=401)
        messages.info(
            request,
            _("You were logged out after %(minutes)d minutes without activity.")
            % {"minutes": settings.STAFF_SESSION_IDLE_SECONDS // 60}
            if why == "idle"
            else _("Your session reached its longest time of %(hours)d hours. Log in again.")
            % {"hours": settings.STAFF_SESSION_ABSOLUTE_SECONDS // 3600},
            fail_silently=True,
        )
        # Go on as a reader: public pages answer as to anyone, the admin and every staff
        # view send an anonymous visitor to the login page (with ?next=) themselves.
        return None

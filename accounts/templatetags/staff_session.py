"""{% staff_session_script %}: the idle warning of every admin page (session-timeout.js)."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_session_script(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" defer data-idle="{}" data-warning="{}" data-status="{}" '
        'data-keepalive="{}" data-login="{}" data-text-warning="{}" data-text-continue="{}" '
        'data-text-expired="{}" data-text-login="{}"></script>',
        static("css/accounts.css"),
        static("js/session-timeout.js"),
        settings.STAFF_SESSION_IDLE_SECONDS,
        settings.STAFF_SESSION_WARNING_SECONDS,
        reverse("accounts:session"),
        reverse("accounts:keepalive"),
        reverse("admin:login"),
        _(
            "You will be logged out in %(time)s because nothing has happened for a while. "
            "What you have typed stays on this page."
        ),
        _("Keep working"),
        _(
            "You were logged out because nothing happened for a while. What you typed is "
            "still on this page (articles also keep a copy in this browser): log in again "
            "in a new tab, then come back here and save."
        ),
        _("Log in in a new tab"),
    )

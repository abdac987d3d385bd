"""Site-wide request guards that run before any view reads the request.

- A request body larger than the limit is refused from its Content-Length, before a byte
  of it is read (413), so a 100 MB upload costs nothing.
- A query string with a NUL byte or invalid UTF-8 is refused (400) once here, instead of
  reaching filters and databases (PostgreSQL refuses NUL in text: that was a 500).
- Every response says which browser features the site never uses (Permissions-Policy).
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024

# Features the site never uses; an injected script or frame cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
        "interest-cohort",
    )
)


def error_response(title, message, status, headers=None):
    """A plain error page in the site's look that needs neither database nor cache."""
    html = loader.get_template("portal/error.html").render({"title": title, "message": message})
    response = HttpResponse(html, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def body_limit(path):
    """The largest request body accepted on `path` (the admin takes magazine PDFs)."""
    if path.startswith("/" + settings.ADMIN_URL):
        return settings.MAX_ADMIN_REQUEST_BODY_BYTES
    return settings.MAX_REQUEST_BODY_BYTES


def query_string_is_clean(query_string):
    """False when the query string decodes to a NUL byte or to bytes that are not UTF-8."""
    try:
        raw = query_string.encode("iso-8859-1")  # WSGI hands over bytes as latin-1
    except UnicodeEncodeError:
        raw = query_string.encode("utf-8")
    decoded = unquote_to_bytes(raw)
    if b"\x00" in decoded:
        return False
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.refuse(request)
        if response is None:
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def refuse(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(length)
        except ValueError:
            length = -1
        if length < 0:
            return error_response(
                _("Bad request"), _("The request could not be understood."), status=400
            )
        limit = body_limit(request.path_info)
        if length > limit:
            return error_response(
                _("The upload is too large"),
                _(
                    "What you sent (%(size)s) is larger than the %(limit)s this page accepts. "
                    "Send smaller or fewer files."
                )
                % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
                status=413,
                headers={"Connection": "close"},
            )
        if not query_string_is_clean(request.META.get("QUERY_STRING", "")):
            return error_response(
                _("Bad request"),
                _("The address contains characters that are not allowed."),
                status=400,
            )
        return None

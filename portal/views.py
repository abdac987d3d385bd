import sys

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from .middleware import error_response
from .uploads import RandomUploadPath, VideoValidator

video_path = RandomUploadPath("video")


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


_robots_providers = {}


def register_robots_disallow(name, provider):
    """Apps add robots.txt `Disallow:` patterns for what crawlers should leave alone:
    `provider()` returns them (called per request, so it may reverse URLs)."""
    _robots_providers[name] = provider


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /submit/status/",
        "Disallow: /search/",
        "Disallow: /elder/",
        *(
            f"Disallow: {pattern}"
            for provider in _robots_providers.values()
            for pattern in provider()
        ),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@never_cache
@require_safe
def elder_mode(request):
    """长者模式 without JavaScript: `?on=1` sets the cookie, `?on=0` removes it, then back to
    the page the reader came from (same site only) or the home page. The server renders
    `html.elder` from the cookie; with JavaScript the header toggle sets the same cookie."""
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    response = HttpResponseRedirect(back)
    # Pages are public for a minute (max-age): without this the browser would show the page
    # it just had, in the old mode, from its own cache. A rare switch; static files are
    # fetched again once.
    response["Clear-Site-Data"] = '"cache"'
    name = settings.ELDER_COOKIE_NAME
    if request.GET.get("on") == "1":
        response.set_cookie(
            name, "1", max_age=ELDER_COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie(name, samesite="Lax")
    return response


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: the hashed file."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def site_map(request):
    """网站地图: every section of the site on one page, filled by the apps (slot "site_map")."""
    return render(request, "site_map.html", {"crumbs": [(_("Site map"), None)]})


# Who may put a video into rich text: whoever writes articles, pages or magazine issues.
RICH_TEXT_PERMISSIONS = (
    "articles.add_article",
    "articles.change_article",
    "association.change_page",
    "association.change_issue",
)


@staff_member_required
@require_POST
def upload_video(request):
    """Store an MP4 for a rich-text body (checked by the upload guard); answer its URL."""
    if not any(request.user.has_perm(perm) for perm in RICH_TEXT_PERMISSIONS):
        raise PermissionDenied
    upload = request.FILES.get("video")
    if upload is None:
        return JsonResponse({"error": str(_("Choose a video to upload."))}, status=400)
    try:
        VideoValidator()(upload)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    name = default_storage.save(video_path(None, "video.mp4"), upload)
    return JsonResponse({"url": default_storage.url(name)})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    """A refused action: the site's own Chinese page, in the admin's look inside the admin."""
    back = request.META.get("HTTP_REFERER", "")
    if back == request.build_absolute_uri() or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    if request.path.startswith("/" + settings.ADMIN_URL.lstrip("/")):
        context = {**admin.site.each_context(request), "back_url": back or reverse("admin:index")}
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", {"back_url": back or reverse("home")}, status=403)


def server_error(request):
    # Rendered without context processors: the database or the cache may be what failed.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # The database is down or restarting: say so, and that it is temporary.
        return error_response(
            _("The site is briefly unavailable"),
            _("We are back in a moment. Please try again in half a minute."),
            status=503,
            headers={"Retry-After": "30"},
        )
    return HttpResponse(loader.get_template("500.html").render(), status=500)

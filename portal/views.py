import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .middleware import error_response


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
        *(
            f"Disallow: {pattern}"
            for provider in _robots_providers.values()
            for pattern in provider()
        ),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def site_map(request):
    """网站地图: every section of the site on one page, filled by the apps (slot "site_map")."""
    return render(request, "site_map.html", {"crumbs": [(_("Site map"), None)]})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


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

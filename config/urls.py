from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

import articles.sitemaps
import articles.views
import association.sitemaps
from portal import jscatalog, media, views

# The root URLconf is the one module of portal that knows the apps: it collects their URLs
# and sitemaps.
SITEMAPS = {**articles.sitemaps.SITEMAPS, **association.sitemaps.SITEMAPS}

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", articles.views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("elder/", views.elder_mode, name="elder"),
    path("jsi18n/<slug:version>.js", jscatalog.view, name="jsi18n"),
    path("sitemap/", views.site_map, name="site-map"),
    # A sitemap index; each section in pages of at most 50,000 URLs (?p=2, …).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("search/", include("search.urls")),
    path(settings.ADMIN_URL + "upload-video/", views.upload_video, name="upload-video"),
    # The staff login's second step, recovery codes, the session status (accounts/).
    path(settings.ADMIN_URL + "account/", include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
    path("", include("association.urls")),
    path("", include("submissions.urls")),
]

# Public media on the local disk are served by the app in production too (portal.media:
# download rules, caching, ranges); from an object store they need no route.
if "://" not in settings.MEDIA_URL and settings.STORAGES["default"]["BACKEND"].endswith(
    "FileSystemStorage"
):
    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve, name="media")
    )

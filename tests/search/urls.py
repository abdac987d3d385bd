"""The site's URLs plus a stand-in `articles:detail` (the articles branch provides the real one)."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as site_patterns


def article_detail(request, pk):
    return HttpResponse(f"article {pk}")


articles_patterns = ([path("articles/<int:pk>/", article_detail, name="detail")], "articles")

urlpatterns = [
    path("", include(articles_patterns)),
    *[p for p in site_patterns if getattr(p, "namespace", None) != "articles"],
]

"""The site's URLs plus a stand-in `articles:detail`, which the articles app provides later."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as site_patterns


def article_stub(request, pk):
    return HttpResponse(f"article {pk}")


articles_patterns = ([path("articles/<int:pk>/", article_stub, name="detail")], "articles")

urlpatterns = [path("", include(articles_patterns))] + [
    pattern for pattern in site_patterns if getattr(pattern, "app_name", None) != "articles"
]

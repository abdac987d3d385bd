from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from portal import pagecache

        from . import signals  # noqa: F401
        from .models import SynonymGroup

        # The first page of a query only: later pages are read rarely and would crowd it.
        pagecache.cacheable(
            "search:results",
            max_age=60,
            params=("q",),
            free_text=("q",),
            when=lambda request: "page" not in request.GET,
        )
        pagecache.watch(SynonymGroup)

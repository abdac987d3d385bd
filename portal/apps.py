from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import pagecache, signals  # noqa: F401

        pagecache.cacheable("sitemap", max_age=3600)
        pagecache.cacheable("robots", max_age=3600)
        # Mourning mode starts and ends on time on cached pages too: its next start or end
        # caps every entry (chrome.mourning_next_change comes with mourning mode).
        from . import chrome

        next_mourning_change = getattr(chrome, "mourning_next_change", None)
        if next_mourning_change is not None:
            pagecache.register_schedule(lambda after: next_mourning_change(now=after))

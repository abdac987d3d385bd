from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import pagecache, signals  # noqa: F401

        pagecache.cacheable("sitemap", max_age=3600)
        pagecache.cacheable("robots", max_age=3600)
        # Mourning mode (SiteSettings start/end times) registers its schedule here too:
        # pagecache.register_schedule(<next mourning start or end after `after`>).

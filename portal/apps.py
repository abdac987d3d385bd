from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import chrome, pagecache, signals  # noqa: F401

        post_migrate.connect(sync_site_domain, dispatch_uid="portal-sync-site-domain")
        pagecache.cacheable("sitemap", max_age=3600)
        pagecache.cacheable("sitemap-section", max_age=3600, params=("p",))
        pagecache.cacheable("robots", max_age=3600)
        # Mourning mode starts and ends on time on cached pages too: its next start or end
        # caps every entry (chrome.mourning_next_change comes with mourning mode).
        next_mourning_change = getattr(chrome, "mourning_next_change", None)
        if next_mourning_change is not None:
            pagecache.register_schedule(lambda after: next_mourning_change(now=after))


def sync_site_domain(sender, using="default", apps=None, **kwargs):
    """Keep the Site record (sitemaps, feeds) on SITE_DOMAIN after every migrate."""
    from django.apps import apps as global_apps
    from django.conf import settings
    from django.contrib.sites.management import create_default_site

    if sender.label != "sites":
        return
    apps = apps or global_apps
    # Django's own creation first (it also resets the id sequence), then our domain.
    create_default_site(sender, verbosity=0, using=using, apps=apps)
    Site = apps.get_model("sites", "Site")
    Site.objects.using(using).filter(pk=settings.SITE_ID).update(
        domain=settings.SITE_DOMAIN, name=settings.SITE_DOMAIN
    )
    global_apps.get_model("sites", "Site").objects.clear_cache()

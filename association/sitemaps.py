"""Sitemaps of the association app: pages, member associations, zones and magazine issues."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Issue, MemberAssociation, Page, Zone


class LatestLastmodMixin:
    """The index's lastmod of a section from one aggregate, not from every item."""

    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)


class PageSitemap(LatestLastmodMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("order", "id")


class MemberSitemap(LatestLastmodMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return (
            MemberAssociation.objects.published().only("id", "updated_at").order_by("order", "id")
        )


class ZoneSitemap(LatestLastmodMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Zone.objects.published().only("id", "updated_at").order_by("id")


class IssueSitemap(LatestLastmodMixin, Sitemap):
    changefreq = "yearly"
    priority = 0.4
    lastmod_field = "publish_date"

    def items(self):
        return (
            Issue.objects.published()
            .only("year", "number", "publish_date")
            .order_by("-year", "-number")
        )


SITEMAPS = {
    "pages": PageSitemap,
    "members": MemberSitemap,
    "zones": ZoneSitemap,
    "magazine": IssueSitemap,
}

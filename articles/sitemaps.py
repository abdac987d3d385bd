"""Sitemaps of the articles app: channels, topics and visible articles, with lastmod.

`/sitemap.xml` is an index (config/urls.py collects every app's SITEMAPS); each section
is served in pages of at most 50,000 URLs, the protocol's limit.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Article, Channel, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    # The protocol's maximum per page; the index lists as many pages as needed.
    limit = 50000

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("-publish_at", "-id")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which walks every item.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ChannelSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        channels = Channel.objects.published().order_by("order", "id")
        latest = dict(
            Article.objects.published()
            .values("channel_id")
            .annotate(latest=Max("updated_at"))
            .values_list("channel_id", "latest")
        )
        for channel in channels:
            channel.lastmod = latest.get(channel.pk)
        return list(channels)

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return max((item.lastmod for item in self.items() if item.lastmod), default=None)


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        topics = Topic.objects.published().order_by("order", "-id")
        latest = dict(
            Article.objects.published()
            .filter(topics__in=topics)
            .values("topics")
            .annotate(latest=Max("updated_at"))
            .values_list("topics", "latest")
        )
        for topic in topics:
            topic.lastmod = latest.get(topic.pk)
        return list(topics)

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return max((item.lastmod for item in self.items() if item.lastmod), default=None)


SITEMAPS = {"articles": ArticleSitemap, "channels": ChannelSitemap, "topics": TopicSitemap}

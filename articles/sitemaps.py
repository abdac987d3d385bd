"""Sitemaps of the articles app: channels, topics and visible articles, with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Article, Channel, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    # /sitemap.xml is served without an index, so its first page must hold every article:
    # keep the protocol's maximum (50,000 URLs). Past that, serve a sitemap index.
    limit = 50000

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("-publish_at", "-id")

    def lastmod(self, item):
        return item.updated_at


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


SITEMAPS = {"articles": ArticleSitemap, "channels": ChannelSitemap, "topics": TopicSitemap}

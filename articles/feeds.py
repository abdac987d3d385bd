from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Article, ChannelTree

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """All news: the latest visible articles of every channel."""

    title = _("Latest news")
    description = _("The latest articles of the association's website.")

    def link(self):
        return reverse("home")

    def items(self):
        return (
            Article.objects.published()
            .select_related("channel", "source")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source.name if item.source else item.author or None

    def item_categories(self, item):
        return [item.channel.name]


class ChannelFeed(LatestArticlesFeed):
    """One channel and its sub-channels."""

    def get_object(self, request, slug):
        channel = ChannelTree.get().by_slug.get(slug)
        if channel is None:
            raise Http404
        return channel

    def title(self, obj):
        return obj.name

    def description(self, obj):
        return obj.description or obj.name

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Article.objects.published()
            .in_channel(obj)
            .select_related("channel", "source")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.text import clean_text

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

    # Feed readers decode titles and descriptions as HTML: what editors and contributors
    # typed is text, so it is escaped here (the XML layer escapes once more). Control
    # characters that older records may still hold cannot go into XML at all.
    def item_title(self, item):
        return escape(clean_text(item.title, multiline=False))

    def item_description(self, item):
        return escape(clean_text(item.summary))

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        name = item.source.name if item.source else item.author
        return clean_text(name, multiline=False) or None

    def item_categories(self, item):
        return [clean_text(item.channel.name, multiline=False)]


class ChannelFeed(LatestArticlesFeed):
    """One channel and its sub-channels."""

    def get_object(self, request, slug):
        channel = ChannelTree.get().by_slug.get(slug)
        if channel is None:
            raise Http404
        return channel

    def title(self, obj):
        return escape(clean_text(obj.name, multiline=False))

    def description(self, obj):
        return escape(clean_text(obj.description or obj.name))

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Article.objects.published()
            .in_channel(obj)
            .select_related("channel", "source")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

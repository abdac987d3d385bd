from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def channel_children(channels):
    """Active sub-channels shown in navigation, for "list sub-entries automatically"."""
    from .models import ChannelTree

    tree = ChannelTree.get()
    children = {}
    for channel in channels:
        for child in tree.children(channel.pk):
            if child.show_in_navigation:
                children.setdefault(channel.pk, []).append((child.name, child.get_absolute_url()))
    return children


def notices_context():
    """The ticker and its 更多 link to the whole 通知公告 channel (phones show one notice)."""
    from django.urls import reverse

    from . import queries

    return {
        "notices": queries.notices(),
        "notices_url": reverse("articles:channel", args=[queries.NOTICES_SLUG]),
    }


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from taggit.models import Tag

        from portal import chrome, pagecache, slots

        from . import desk, paths, queries, services, signals  # noqa: F401
        from .models import (
            Article,
            ArticleTag,
            Attachment,
            Channel,
            Headline,
            HomeBlock,
            Source,
            Topic,
        )

        # The page cache: which pages readers share, what content they show, and when
        # that content changes by itself (scheduled publish and take-down times).
        for view_name, max_age, params in (
            ("home", 60, ()),
            ("articles:detail", 300, ()),
            ("articles:channel", 60, ("page",)),
            ("articles:topic-list", 60, ("page",)),
            ("articles:topic", 60, ("page",)),
            ("articles:tag", 60, ("page",)),
            ("articles:feed", 60, ()),
            ("articles:channel-feed", 60, ()),
        ):
            pagecache.cacheable(view_name, max_age=max_age, params=params)
        # Headline is a proxy of Article (its saves are sent as Headline's).
        models = (Article, Headline, Channel, Topic, Source, Tag, ArticleTag, Attachment, HomeBlock)
        for model in models:
            pagecache.watch(model)
        pagecache.register_schedule(queries.next_visibility_change)
        # Approved changes scheduled to replace a live article (editorial.review).
        from editorial import review

        review.register_applier(Article, services.publish_scheduled_change)

        chrome.register_nav_target(
            Channel,
            children=channel_children,
            queryset=lambda: Channel.objects.published(),
        )
        chrome.register_nav_target(Topic, queryset=lambda: Topic.objects.published())
        slots.register("notices", "articles/_notices.html", context=notices_context)
        # Which of this app's addresses lead to public content (portal.contentcheck).
        paths.register()
        slots.register(
            "site_map", "articles/_site_map.html", context=queries.site_map_context, order=10
        )
        # 我的工作台 on the admin home, and its counts next to 文章 in the navigation.
        slots.register("admin_desk", "articles/admin/_desk.html", context=desk.desk_context)
        slots.register(
            "admin_model_badge", "articles/admin/_desk_badges.html", context=desk.nav_badges
        )

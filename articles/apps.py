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


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from portal import chrome, slots

        from . import services, signals  # noqa: F401
        from .models import Channel, Topic

        chrome.register_nav_target(
            Channel,
            children=channel_children,
            queryset=lambda: Channel.objects.published(),
        )
        chrome.register_nav_target(Topic, queryset=lambda: Topic.objects.published())
        slots.register(
            "notices", "articles/_notices.html", context=lambda: {"notices": services.notices()}
        )

"""Cache invalidation: the channel tree and the notices ticker follow every save and delete.

Bulk changes through `QuerySet.update()` send no signals: code that uses it (the admin's
bulk actions) calls `invalidate_article_caches()` itself.
"""

from django.db.models.signals import post_delete, post_save

from . import services
from .models import Article, Channel, ChannelTree


def _channel_changed(**kwargs):
    ChannelTree.invalidate()
    services.invalidate_article_caches()


def _article_changed(**kwargs):
    services.invalidate_article_caches()


for _signal in (post_save, post_delete):
    _signal.connect(_channel_changed, sender=Channel, dispatch_uid=f"articles-tree-{_signal}")
    _signal.connect(_article_changed, sender=Article, dispatch_uid=f"articles-cache-{_signal}")

"""Cache invalidation: the channel tree and the notices ticker follow every save and delete.

Bulk changes through `QuerySet.update()` send no signals: code that uses it (the admin's
bulk actions) calls `invalidate_article_caches()` itself.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from . import services
from .models import Article, Channel

# Writers that save an article and then its relations row by row (the legacy importer)
# would make listeners that derive data from the whole article (the search index) rebuild
# it after every step. They wrap the steps in `article_signals_deferred()` and then send
# `article_written` once, when the article and its tags are complete.
article_written = Signal()  # sender=Article, instance=<the article>
_deferred = ContextVar("articles_signals_deferred", default=False)


@contextmanager
def article_signals_deferred():
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def signals_deferred():
    """True while a writer has promised to send `article_written` when it is done."""
    return _deferred.get()


def _channel_changed(**kwargs):
    services.invalidate_article_caches()


def _article_changed(**kwargs):
    services.invalidate_article_caches()


for _signal in (post_save, post_delete):
    _signal.connect(_channel_changed, sender=Channel, dispatch_uid=f"articles-tree-{_signal}")
    _signal.connect(_article_changed, sender=Article, dispatch_uid=f"articles-cache-{_signal}")

"""Keep the index current: article saves and deletes, tag changes, source and tag renames.

Visibility (publish, withdraw, schedule) needs no signal: the query applies it.
"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.models import Article, ArticleTag, Source
from articles.signals import article_written, signals_deferred

from .index import build_entry, index_article, index_articles, save_entries


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw and not signals_deferred():
        index_article(instance.pk)


@receiver(article_written, sender=Article, dispatch_uid="search_article_written")
def article_written_at_once(sender, instance, **kwargs):
    # An importer wrote the article and its tags step by step: index it once, now, from
    # the instance it holds (its source is loaded; only the tags are read).
    prefetch_related_objects([instance], "tags")
    save_entries([build_entry(instance)])


@receiver(m2m_changed, sender=ArticleTag, dispatch_uid="search_article_tags_changed")
def article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # The admin saves tags after the article: reindex once they are in place.
    if action not in {"post_add", "post_remove", "post_clear"} or signals_deferred():
        return
    if not reverse:
        index_article(instance.pk)
    elif pk_set:
        for _done in index_articles(Article.objects.filter(pk__in=pk_set)):
            pass


@receiver(post_save, sender=ArticleTag, dispatch_uid="search_article_tag_saved")
def article_tag_row_saved(sender, instance, raw=False, **kwargs):
    if not raw and not signals_deferred():
        index_article(instance.content_object_id)


@receiver(post_delete, sender=ArticleTag, dispatch_uid="search_article_tag_deleted")
def article_tag_row_deleted(sender, instance, **kwargs):
    # Also sent when the article itself is being deleted (cascade): wait for the commit,
    # when index_article finds no article and writes nothing.
    if signals_deferred():
        return
    article_id = instance.content_object_id
    transaction.on_commit(lambda: index_article(article_id))


@receiver(post_save, sender=Source, dispatch_uid="search_source_saved")
def source_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        for _done in index_articles(Article.objects.filter(source=instance)):
            pass


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_saved")
def tag_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        tagged = ArticleTag.objects.filter(tag=instance).values("content_object_id")
        articles = Article.objects.filter(pk__in=tagged)
        for _done in index_articles(articles):
            pass

"""Whether addresses of this app lead to something readers see (for `portal.contentcheck`).

Registered in `ArticlesConfig.ready()`. Each check gets the URL keyword arguments of every
address of its view found in the content and answers for all of them with a query or
two (per 2,000 addresses):
None (fine), NOT_FOUND (nothing there) or NOT_PUBLIC (there, but readers get a 404:
withdrawn, draft, scheduled, taken down, or an inactive channel or topic).
"""

from portal.contentcheck import NOT_FOUND, NOT_PUBLIC, chunks, register_path_check


def _by_key(values, known, visible):
    return [
        None if value in visible else NOT_PUBLIC if value in known else NOT_FOUND
        for value in values
    ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def articles(kwargs_list):
    """The article page answers what `Article.objects.reachable()` holds (its channel aside):
    two queries per 2,000 addresses."""
    from .models import Article

    pks = [_int(kwargs.get("pk")) for kwargs in kwargs_list]
    known, reachable = set(), set()
    for chunk in chunks({pk for pk in pks if pk is not None}):
        known.update(Article.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        reachable.update(
            Article.objects.reachable().filter(pk__in=chunk).values_list("pk", flat=True)
        )
    return _by_key(pks, known, reachable)


def previews(kwargs_list):
    # Staff previews answer 404 to readers whatever the article.
    return [NOT_PUBLIC for _kwargs in kwargs_list]


def channels(kwargs_list):
    from .models import Channel, ChannelTree

    slugs = [kwargs.get("slug") for kwargs in kwargs_list]
    visible = set(ChannelTree.get().by_slug)
    missing = {slug for slug in slugs if slug not in visible}
    known = visible | set(Channel.objects.filter(slug__in=missing).values_list("slug", flat=True))
    return _by_key(slugs, known, visible)


def topics(kwargs_list):
    from .models import Topic

    slugs = [kwargs.get("slug") for kwargs in kwargs_list]
    rows = dict(Topic.objects.filter(slug__in=set(slugs)).values_list("slug", "active"))
    return _by_key(slugs, set(rows), {slug for slug, active in rows.items() if active})


def tags(kwargs_list):
    from taggit.models import Tag

    from .models import Article, ArticleTag

    slugs = [kwargs.get("slug") for kwargs in kwargs_list]
    known = set(Tag.objects.filter(slug__in=set(slugs)).values_list("slug", flat=True))
    visible = ArticleTag.objects.filter(content_object__in=Article.objects.published())
    shown = set(
        Tag.objects.filter(slug__in=known, pk__in=visible.values("tag_id")).values_list(
            "slug", flat=True
        )
    )
    return _by_key(slugs, known, shown)


def legacy_articles(kwargs_list):
    from .models import Article, LegacyArticle

    ids = [_int(kwargs.get("legacy_id")) for kwargs in kwargs_list]
    rows = LegacyArticle.objects.filter(legacy_id__in={i for i in ids if i is not None})
    known = set(rows.values_list("legacy_id", flat=True))
    reachable = set(
        rows.filter(article__in=Article.objects.reachable()).values_list("legacy_id", flat=True)
    )
    return _by_key(ids, known, reachable)


def register():
    register_path_check("articles:detail", articles)
    register_path_check("articles:preview", previews)
    register_path_check("articles:channel", channels)
    register_path_check("articles:channel-feed", channels)
    register_path_check("articles:topic", topics)
    register_path_check("articles:tag", tags)
    register_path_check("articles:legacy-article", legacy_articles)

"""Every article gets a first revision holding its text, so that the text can be compared
with and restored after later edits.

Articles that have no revision at all (demo content, the old site's imported articles,
anything saved before revisions were kept) get one of their current state: 导入版本 for
imported articles (they have a LegacyArticle row), 原始版本 for the others, dated when the
article was created. Articles that already have revisions keep them as they are: their
current text is in their latest revision already, and a text that was never kept cannot
be recovered.

The revision's content is what `editorial.revisions.snapshot` writes (the models'
`revision_fields` as of this migration), built from the historical models in batches:
a few queries per 500 articles.
"""

from django.db import migrations

BATCH = 500


def _iso(value):
    return value.isoformat() if value else None


def _snapshot(article, channels, sources, topics, tags):
    # Article.revision_fields, then its revision_extra, as revisions.snapshot() keeps them.
    data = {
        "title": article.title,
        "subtitle": article.subtitle,
        "channel": [article.channel_id, channels.get(article.channel_id, "")],
        "topics": sorted(topics.get(article.pk, [])),
        "tags": sorted(set(tags.get(article.pk, []))),
        "source": (
            [article.source_id, sources.get(article.source_id, "")]
            if article.source_id is not None
            else None
        ),
        "author": article.author,
        "cover": article.cover.name or "",
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "publish_at": _iso(article.publish_at),
        "offline_at": _iso(article.offline_at),
        "is_pinned": article.is_pinned,
        "headline_position": article.headline_position,
        "summary_auto": article.summary_auto,
    }
    return data


def first_revisions(apps, schema_editor):
    db = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    ArticleTag = apps.get_model("articles", "ArticleTag")
    Channel = apps.get_model("articles", "Channel")
    LegacyArticle = apps.get_model("articles", "LegacyArticle")
    Source = apps.get_model("articles", "Source")
    Revision = apps.get_model("editorial", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Article.objects.using(db).exists():
        return
    content_type, _created = ContentType.objects.using(db).get_or_create(
        app_label="articles", model="article"
    )
    with_history = Revision.objects.using(db).filter(content_type=content_type)
    missing = (
        Article.objects.using(db)
        .exclude(pk__in=with_history.values("object_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    channels = dict(Channel.objects.using(db).values_list("pk", "name"))
    ids = list(missing)
    Topics = Article.topics.through
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        articles = list(Article.objects.using(db).filter(pk__in=chunk).order_by("pk"))
        source_ids = {a.source_id for a in articles if a.source_id is not None}
        sources = dict(Source.objects.using(db).filter(pk__in=source_ids).values_list("pk", "name"))
        topics = {}
        for article_id, topic_id, title in Topics.objects.using(db).filter(
            article_id__in=chunk
        ).values_list("article_id", "topic_id", "topic__title"):
            topics.setdefault(article_id, []).append([topic_id, title])
        tags = {}
        for article_id, name in ArticleTag.objects.using(db).filter(
            content_object_id__in=chunk
        ).values_list("content_object_id", "tag__name"):
            tags.setdefault(article_id, []).append(name)
        imported = set(
            LegacyArticle.objects.using(db).filter(article_id__in=chunk).values_list(
                "article_id", flat=True
            )
        )
        Revision.objects.using(db).bulk_create(
            Revision(
                content_type=content_type,
                object_id=article.pk,
                version=article.version,
                kind="imported" if article.pk in imported else "original",
                data=_snapshot(article, channels, sources, topics, tags),
                note="",
                user=None,
                created_at=article.created_at,
            )
            for article in articles
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_review_stage_roles"),
        ("editorial", "0004_revision_first_kinds"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(first_revisions, migrations.RunPython.noop)]

"""An article page's topics, tags, attachments and neighbours (queries.article_extras and
queries.around) are real model instances: every field has its stored value, and the page
renders exactly as it does with objects loaded the ordinary way."""

import pytest
from django.core.files.base import ContentFile
from taggit.models import Tag

from articles import queries
from articles.models import Article, Attachment, Topic
from portal import pagecache


@pytest.fixture
def article_with_extras(make_article, topic):
    other_topic = Topic.objects.create(
        title="开发区专题", slug="zones", order=2, active=False, intro="专题介绍"
    )
    article = make_article(title="本文", topics=[topic, other_topic], tags=["园区", "招商"])
    Attachment.objects.create(
        article=article, title="申报表", file=ContentFile(b"%PDF-1.4\n%%EOF", name="a.pdf")
    )
    make_article(title="更早的相关文章", topics=[topic], age_hours=100)
    make_article(title="更新的相关文章", tags=["园区"], age_hours=0)
    return article


def _fields(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_extras_hold_every_stored_field_of_real_instances(article_with_extras):
    """A field the query did not load is loaded when used, never blank."""
    extras = queries.article_extras(article_with_extras)
    stored = {
        "topics": list(Topic.objects.filter(articles=article_with_extras)),
        "tags": list(Tag.objects.filter(article__pk=article_with_extras.pk)),
        "attachments": list(Attachment.objects.filter(article=article_with_extras)),
    }
    for name, objects in stored.items():
        got = getattr(extras, name)
        assert sorted(type(item).__name__ for item in got) == sorted(
            type(item).__name__ for item in objects
        )
        assert {item.pk: _fields(item) for item in got} == {
            item.pk: _fields(item) for item in objects
        }, name


def test_neighbours_hold_every_stored_field(article_with_extras):
    """previous/next/related are Article instances with every field at its stored value."""
    previous, following, related = queries.around(
        article_with_extras, queries.article_extras(article_with_extras)
    )
    shown = [item for item in (previous, following, *related) if item is not None]
    assert {item.title for item in related} == {"更早的相关文章", "更新的相关文章"}
    for item in shown:
        assert _fields(item) == _fields(Article.objects.get(pk=item.pk))


def test_loaded_refuses_a_column_the_model_has_not():
    """A typo in a column name fails at once instead of rendering blank."""
    with pytest.raises(ValueError, match="titel"):
        queries.loaded(Topic, {"id": 1, "titel": "x"})


def test_article_page_renders_the_same_as_with_fully_loaded_objects(
    client, monkeypatch, article_with_extras
):
    """The article template (and its includes) given the one-query extras renders exactly
    what it renders given objects loaded with every column."""
    url = article_with_extras.get_absolute_url()
    fast = client.get(url).content.decode()
    assert "申报表" in fast and "园区" in fast and "不忘初心迎七一" in fast

    real_around = queries.around

    def full_extras(article):
        return queries.ArticleExtras(
            list(Topic.objects.filter(articles=article)),
            sorted(Tag.objects.filter(article__pk=article.pk), key=lambda t: (t.name, t.pk)),
            list(Attachment.objects.filter(article=article).order_by("order", "pk")),
        )

    def full_around(article, extras, limit=5):
        previous, following, related = real_around(article, extras, limit)
        reload = lambda item: item and Article.objects.get(pk=item.pk)  # noqa: E731
        return reload(previous), reload(following), [reload(item) for item in related]

    monkeypatch.setattr(queries, "article_extras", full_extras)
    monkeypatch.setattr(queries, "around", full_around)
    pagecache.bump()  # not the cached page
    assert client.get(url).content.decode() == fast

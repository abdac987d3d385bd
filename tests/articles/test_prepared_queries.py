"""The article page's and home page's queries run from SQL compiled once per shape
(portal.prepared): on the same data they return exactly the rows the ORM builds, at any
moment and for any article, and a new shape (a hidden channel, more tags) gets new SQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import queries
from articles.models import Article

HOUR = datetime.timedelta(hours=1)


def same_rows(prepared, shape, *args):
    """The prepared rows and the ORM's (rows of a UNION come in no particular order)."""
    got = prepared.rows(shape, *args, using="default")
    expected = list(prepared.build(shape, *args))
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    return got


@pytest.fixture
def timeline(make_article, channels, topic):
    """Articles that appear, go, or never show, around now, in several channels."""
    now = timezone.now()
    made = {
        "old": make_article(title="旧闻", age_hours=30, topics=[topic], tags=["园区"]),
        "middle": make_article(title="本文", age_hours=10, topics=[topic], tags=["园区", "招商"]),
        "recent": make_article(title="近闻", age_hours=2, tags=["招商"]),
        "notice": make_article(title="通知", channel=channels["notices"], age_hours=5),
        "east": make_article(title="华东", channel=channels["east"], age_hours=1, tags=["园区"]),
        "scheduled": make_article(
            title="定时发布", publish_at=now + 3 * HOUR, topics=[topic], tags=["园区"]
        ),
        "expiring": make_article(title="将下线", age_hours=4, offline_at=now + 2 * HOUR),
        "withdrawn": make_article(title="已撤回", status=Article.Status.WITHDRAWN, age_hours=1),
        "draft": make_article(title="草稿", status=Article.Status.DRAFT, tags=["园区"]),
    }
    for n in range(3):
        pinned = make_article(
            title=f"头条{n}", channel=channels["news"], is_pinned=True, age_hours=6 + n
        )
        Article.objects.filter(pk=pinned.pk).update(cover=f"covers/{n}.png")  # no renditions
    return now, made


MOMENTS = [datetime.timedelta(0), 2.5 * HOUR, 4 * HOUR, 40 * HOUR]


def test_home_lists_equal_the_orm_at_every_moment(timeline, channels, monkeypatch):
    """Scheduled articles appear and expiring ones go as the bound time moves, exactly
    as in the ORM's query; one compilation serves every moment."""
    now, _made = timeline
    ids = [channels["news"].pk, channels["provincial"].pk, channels["notices"].pk]
    shape = (2, (3, 12, 2), Article.objects.visibility_shape())
    queries.HOME_LISTS._compiled.clear()
    compiled = []
    compile_once = queries.HOME_LISTS._compile
    monkeypatch.setattr(
        queries.HOME_LISTS, "_compile", lambda *a: compiled.append(a) or compile_once(*a)
    )
    titles = []
    with CaptureQueriesContext(connection) as captured:
        for offset in MOMENTS:
            rows = same_rows(queries.HOME_LISTS, shape, now + offset, *ids)
            titles.append({row[1] for row in rows})
    assert len(compiled) == 1  # compiled once, then only bound
    unions = [q for q in captured if "UNION" in q["sql"] or "LIMIT" in q["sql"]]
    assert len(unions) == 2 * len(MOMENTS)  # the prepared query and the ORM's, each time
    assert "定时发布" not in titles[0] and "定时发布" in titles[3]
    assert "将下线" in titles[0] and "将下线" not in titles[2]
    assert not {"已撤回", "草稿"} & set().union(*titles)


def test_around_equals_the_orm_for_any_article_and_moment(timeline):
    """Previous, next and related of different articles with the same shape (1 topic,
    2 tags) reuse one compiled query and still get their own neighbours."""
    now, made = timeline
    shape = (1, 2, 5, Article.objects.visibility_shape())
    for name in ("old", "middle", "scheduled"):
        article = made[name]
        topic_ids = list(article.topics.values_list("pk", flat=True))
        tag_ids = sorted(article.tags.values_list("pk", flat=True))[:2]
        tag_ids += tag_ids[:1] * (2 - len(tag_ids))  # the shape wants two tag ids
        for offset in MOMENTS:
            same_rows(
                queries.AROUND, shape, now + offset, article.channel_id, article.publish_at,
                article.pk, *topic_ids, *tag_ids,
            )  # fmt: skip
    # And what the page shows: the middle article's neighbours in its channel, now.
    previous, following, related = queries.around(
        made["middle"], queries.article_extras(made["middle"])
    )
    assert (previous.title, following.title) == ("旧闻", "将下线")
    assert [a.title for a in related] == ["华东", "近闻", "旧闻"]


def test_extras_equal_the_orm_for_each_article(timeline):
    """Topics, tags and attachments: the same rows as the ORM's union, per article."""
    _now, made = timeline
    for article in made.values():
        same_rows(queries.EXTRAS, (), article.pk)


def test_a_hidden_channel_is_a_new_shape(timeline, channels):
    """Hiding a channel changes published()'s SQL: the prepared lists follow at once."""
    now, _made = timeline
    ids = [channels["news"].pk, channels["notices"].pk]
    shape = (2, (3, 3), Article.objects.visibility_shape())
    before = same_rows(queries.HOME_LISTS, shape, now, *ids)
    assert "通知" in {row[1] for row in before}
    channels["notices"].active = False
    channels["notices"].save()
    hidden = Article.objects.visibility_shape()
    assert hidden == (channels["notices"].pk,)
    after = same_rows(queries.HOME_LISTS, (2, (3, 3), hidden), now, *ids)
    assert "通知" not in {row[1] for row in after}


def test_home_page_shows_what_the_orm_finds(client, timeline):
    """The home page itself, through the prepared lists, lists the visible articles."""
    page = client.get("/").content.decode()
    assert "近闻" in page and "头条0" in page
    assert "定时发布" not in page and "已撤回" not in page and "草稿" not in page


def test_list_pages_equal_the_orm_at_every_moment(timeline, channels, topic, monkeypatch):
    """A channel (with its sub-channels), a topic and a tag: every page, shallow or found
    by its ids first, holds the rows the views' ORM lists held, at each moment; one
    compilation per page position serves every moment."""
    from taggit.models import Tag

    now, _made = timeline
    monkeypatch.setattr(queries, "DEFERRED_FROM", 2)  # deep pages from the third row on
    tag = Tag.objects.get(name="园区")
    subtree = [channels["news"].pk, channels["provincial"].pk, channels["east"].pk]
    lists = {
        "channel": (subtree, {"channel_id__in": subtree}),
        "topic": ([topic.pk], {"topics": topic}),
        "tag": ([tag.pk], {"tags": tag}),
    }
    queries.LIST_PAGE._compiled.clear()
    compiled = []
    compile_once = queries.LIST_PAGE._compile
    monkeypatch.setattr(
        queries.LIST_PAGE, "_compile", lambda *a: compiled.append(a) or compile_once(*a)
    )
    windows = [(0, 2), (0, 20), (2, 4), (3, 5)]
    seen = set()
    for offset in MOMENTS:
        at = now + offset
        for kind, (ids, orm_filter) in lists.items():
            orm = (
                Article.objects.published(at=at)
                .for_lists()
                .filter(**orm_filter)
                .order_by("-publish_at", "-id")
                .values_list("id", "title", "publish_at")
            )
            for bottom, top in windows:
                shape = (kind, len(ids), bottom, top, Article.objects.visibility_shape())
                got = queries.LIST_PAGE.rows(shape, at, *ids, using="default")
                assert got == list(orm[bottom:top]), (kind, offset, bottom, top)
                seen.update(row[1] for row in got)
    assert len(compiled) == len(lists) * len(windows)
    assert "定时发布" in seen and "将下线" in seen  # the moments did move the lists
    assert not {"已撤回", "草稿"} & seen


def test_a_list_page_is_made_of_articles_as_a_list_loads_them(timeline, channels):
    """`Listing.page`: Article instances with the list's columns only, newest first."""
    ids = [channels["news"].pk, channels["provincial"].pk, channels["east"].pk]
    page = queries.Listing("channel", ids).page(0, 3)
    expected = list(queries.listed("channel", ids)[:3])
    assert [a.pk for a in page] == [a.pk for a in expected] and len(page) == 3
    assert page[0].get_deferred_fields() == expected[0].get_deferred_fields()
    assert queries.Listing("channel", ids).page(0, 0) == []


def test_the_article_page_finds_what_the_orm_finds_at_every_moment(
    timeline, source, django_assert_num_queries
):
    """The article page's own row: the same article, with the same values, channel and
    source, as the ORM's `reachable()` query, at each moment (scheduled ones appear,
    expiring ones go, withdrawn and drafts never); nothing more to load afterwards."""
    now, made = timeline
    Article.objects.filter(pk=made["middle"].pk).update(source=source)
    queries.REACHABLE_ARTICLE._compiled.clear()
    for offset in MOMENTS:
        at = now + offset
        for article in made.values():
            orm = list(queries.detail_queryset().reachable(at=at).filter(pk=article.pk))
            got = queries.REACHABLE_ARTICLE.objects((), at, article.pk, using="default")
            assert [a.pk for a in got] == [a.pk for a in orm], (article.title, offset)
            for mine, theirs in zip(got, orm, strict=True):
                fields = [f.attname for f in Article._meta.concrete_fields]
                assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
                with django_assert_num_queries(0):
                    assert mine.channel.name == theirs.channel.name
                    assert (mine.source and mine.source.name) == (
                        theirs.source and theirs.source.name
                    )
    assert len(queries.REACHABLE_ARTICLE._compiled) == 1
    assert queries.reachable_article(made["draft"].pk) is None
    assert queries.reachable_article(2**63) is None and queries.reachable_article(0) is None
    assert queries.reachable_article(made["middle"].pk).source.name == source.name

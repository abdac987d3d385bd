"""The cheap cold path: what is kept between requests stays exactly as true as the pages.

A list's article count, the hidden channels and article addresses are computed once and
reused by every cache miss (tests/perf/test_query_budgets.py counts the queries saved);
these tests check that readers never see them out of date.
"""

import time
from datetime import timedelta

import pytest
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import timezone

from articles.models import Article, Channel
from tests.soup import parse, select, texts

pytestmark = pytest.mark.django_db


def page_links(response):
    return [a.get_text(strip=True) for a in select(response, ".pagination a, .pagination span")]


def test_a_new_article_adds_a_page_to_its_channel_on_the_next_request(client, make_article):
    """Twenty articles fit one page; the twenty-first makes page 2 at once."""
    for _i in range(20):
        make_article()
    url = "/channels/provincial/"
    assert page_links(client.get(url)) == []
    make_article()
    assert "2" in page_links(client.get(url))
    assert client.get(url, {"page": 2}).status_code == 200


def test_a_scheduled_article_joins_the_count_when_its_time_comes(client, make_article):
    """No cron and no save: the cached count ends at the next publish time."""
    for _i in range(20):
        make_article()
    publish_at = timezone.now() + timedelta(seconds=1.5)
    make_article(title="定时发布", publish_at=publish_at)
    url = "/channels/provincial/"
    assert page_links(client.get(url)) == []
    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.1)
    response = client.get(url)
    assert "2" in page_links(response)
    assert "定时发布" in texts(response, ".article-list li")[0]


def test_a_withdrawn_article_leaves_the_count_on_the_next_request(client, make_article):
    """Taking one of 21 articles down removes page 2."""
    articles = [make_article() for _i in range(21)]
    url = "/channels/provincial/"
    assert "2" in page_links(client.get(url))
    articles[0].status = Article.Status.WITHDRAWN
    articles[0].save()
    assert page_links(client.get(url)) == []


def test_switching_a_channel_off_and_on_shows_in_lists_on_the_next_request(
    client, make_article, channels
):
    """The cached channel tree knows the hidden channels; an editor's save renews it."""
    make_article(title="华东新闻", channel=channels["east"])
    assert "华东新闻" in client.get("/").content.decode()
    east = Channel.objects.get(slug="east")
    east.active = False
    east.save()
    assert "华东新闻" not in client.get("/").content.decode()
    assert "华东新闻" not in client.get("/channels/news/").content.decode()
    east.active = True
    east.save()
    assert "华东新闻" in client.get("/channels/news/").content.decode()


def test_previous_and_next_follow_publish_time_with_ties_broken_by_id(client, make_article):
    """Articles published in the same minute (legacy imports) still chain one by one."""
    moment = timezone.now() - timedelta(hours=1)
    older = make_article(title="更早", publish_at=moment - timedelta(minutes=1))
    first = make_article(title="同时一", publish_at=moment)
    second = make_article(title="同时二", publish_at=moment)
    newer = make_article(title="更晚", publish_at=moment + timedelta(minutes=1))
    make_article(title="其他栏目", publish_at=moment, channel=Channel.objects.get(slug="news"))

    def neighbours(article):
        nav = parse(client.get(article.get_absolute_url())).select_one(".prev-next")
        return [p.get_text(" ", strip=True) for p in nav.select("p")]

    assert neighbours(first) == ["上一篇： 更早", "下一篇： 同时二"]
    assert neighbours(second) == ["上一篇： 同时一", "下一篇： 更晚"]
    assert neighbours(older)[0] == "上一篇： 没有了"
    assert neighbours(newer)[1] == "下一篇： 没有了"


def test_article_page_shows_all_its_tags_topics_and_attachments(client, make_article, topic):
    """One query brings the tags, the active topics and the attachments in their order."""
    from django.core.files.base import ContentFile

    from articles.models import Attachment, Topic

    hidden = Topic.objects.create(title="停用专题", slug="off", active=False)
    article = make_article(tags=["营商环境", "科技创新"], topics=[topic, hidden])
    for order, title in ((2, "附件二"), (1, "附件一")):
        Attachment.objects.create(
            article=article, title=title, order=order,
            file=ContentFile(b"%PDF-1.4\n%%EOF", name=f"{order}.pdf"),
        )  # fmt: skip
    response = client.get(article.get_absolute_url())
    assert texts(response, ".article-tags a") == sorted(["营商环境", "科技创新"])
    assert texts(response, ".article-topics a") == ["不忘初心迎七一"]
    assert [t.split(" ")[0] for t in texts(response, ".attachments li")] == ["附件一", "附件二"]
    tags = [m["content"] for m in parse(response).select('meta[property="article:tag"]')]
    assert sorted(tags) == ["科技创新", "营商环境"]


def test_article_addresses_follow_the_script_prefix(make_article):
    """Remembered addresses still honour a site served under a path (SCRIPT_NAME)."""
    article = make_article()
    assert article.get_absolute_url() == f"/articles/{article.pk}/"
    set_script_prefix("/portal/")
    try:
        assert article.get_absolute_url() == f"/portal/articles/{article.pk}/"
    finally:
        clear_script_prefix()
    assert article.get_absolute_url() == f"/articles/{article.pk}/"


def test_deep_pages_list_exactly_the_articles_a_plain_offset_would(client, channels):
    """Past the first pages the ids are looked up first: the same articles, the same order."""
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                title=f"第{i:03d}篇", channel=channels["provincial"], body="<p>正文</p>",
                status=Article.Status.PUBLISHED, publish_at=now - timedelta(minutes=i // 2),
            )
            for i in range(130)
        ]
    )  # fmt: skip
    expected = list(
        Article.objects.published()
        .filter(channel=channels["provincial"])
        .order_by("-publish_at", "-id")
        .values_list("title", flat=True)
    )
    url = "/channels/provincial/"
    for page, window in ((6, expected[100:120]), (7, expected[120:130])):
        titles = [
            item.split(" ")[0]
            for item in texts(client.get(url, {"page": page}), ".article-list li")
        ]
        assert titles == window, page

"""Exact SQL budgets of every public page, the same with 5 and with 500 articles.

A cold page (a cache miss) pays these; a warm cached page pays none (test_pagecache).
Counts are of the second request of a page, as a warm server worker pays them: the
shared caches (chrome, channel tree, notices, most read, fragments) are filled by then.
Caps (issue 13): article ≤ 6, home ≤ 6, lists ≤ 4, search ≤ 6.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleDailyViews, ArticleTag, Channel, HomeBlock, Topic
from association.models import Page
from search.index import index_articles
from submissions.models import Message, MessageCategory
from tests.association.factories import make_issue, make_member, make_zone
from tests.submissions.factories import make_message

pytestmark = pytest.mark.django_db

# page name -> (exact queries, cap from the issue or None)
BUDGETS = {
    "home": (0, 6),
    "article": (0, 6),
    "channel": (0, 4),
    "channel_page_2": (0, 4),
    "topic_list": (0, 4),
    "topic": (0, 4),
    "tag": (0, 4),
    "search": (0, 6),
    "feed": (0, 4),
    "channel_feed": (0, 4),
    "sitemap": (0, None),
    "members": (0, 4),
    "member": (0, None),
    "zones": (0, 4),
    "zone": (0, None),
    "magazine": (0, 4),
    "issue": (0, None),
    "association_page": (0, None),
    "message_list": (0, 4),
}


def build_site(n):
    """Channels, topics, tags, n articles (bulk), association content, messages."""
    news = Channel.objects.create(name="资讯中心", slug="news")
    provincial = Channel.objects.create(name="省级开发区动态", slug="provincial", parent=news)
    notices = Channel.objects.create(name="通知公告", slug="notices")
    for channel in (news, notices):
        HomeBlock.objects.create(channel=channel, count=6)
    topic = Topic.objects.create(title="专题", slug="topic")
    tags = [Tag.objects.create(name=f"标签{i}", slug=f"tag-{i}") for i in range(5)]
    now = timezone.now()
    leaves = [provincial, notices, news]
    Article.objects.bulk_create(
        [
            Article(
                title=f"开发区文章{i}", channel=leaves[i % 3], body="<p>开发区高质量发展。</p>",
                summary="开发区高质量发展。", status=Article.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(minutes=i + 1), is_pinned=i % 7 == 0,
            )
            for i in range(n)
        ]
    )  # fmt: skip
    ids = list(Article.objects.values_list("pk", flat=True))
    ArticleTag.objects.bulk_create(
        [ArticleTag(content_object_id=pk, tag=tags[pk % 5]) for pk in ids]
    )
    Article.topics.through.objects.bulk_create(
        [Article.topics.through(article_id=pk, topic=topic) for pk in ids[::2]]
    )
    ArticleDailyViews.objects.bulk_create(
        [ArticleDailyViews(article_id=pk, day=timezone.localdate(), views=pk) for pk in ids]
    )
    index_articles(Article.objects.all())
    about = Page.objects.create(title="协会简介", slug="about")
    Page.objects.create(title="协会章程", slug="charter", parent=about)
    member = make_member()
    zone = make_zone()
    for i in range(min(n, 50)):
        make_zone(name=f"开发区{i}")
        make_member(name=f"协会{i}")
    issue = make_issue(year=2025, number=6)
    zone.articles.add(*ids[:n])
    member.articles.add(*ids[:n])
    category = MessageCategory.objects.create(name="咨询", slug="ask")
    for i in range(min(n, 30)):
        make_message(category, state=Message.State.APPROVED, agree_to_publish=True, reply="答复")
    article = Article.objects.get(pk=ids[len(ids) // 2])
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "channel": news.get_absolute_url(),
        "channel_page_2": news.get_absolute_url() + "?page=2" if n > 20 else news.get_absolute_url(),
        "topic_list": "/topics/",
        "topic": topic.get_absolute_url(),
        "tag": "/tags/tag-1/",
        "search": "/search/?q=开发区",
        "feed": "/feeds/latest/",
        "channel_feed": f"/channels/{news.slug}/feed/",
        "sitemap": "/sitemap.xml",
        "members": "/members/",
        "member": member.get_absolute_url(),
        "zones": "/zones/",
        "zone": zone.get_absolute_url(),
        "magazine": "/magazine/",
        "issue": issue.get_absolute_url(),
        "association_page": about.get_absolute_url(),
        "message_list": "/messages/",
    }


def count(client, url):
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries), [q["sql"] for q in queries]


@pytest.mark.parametrize("n", [5, 500])
def test_print_counts(client, n):
    urls = build_site(n)
    for name, url in urls.items():
        c, sql = count(client, url)
        print(n, name, c)
        if name in ("zones",) and n == 5:
            for s in sql:
                print("    ", s[:200])

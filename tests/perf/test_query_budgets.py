"""Exact SQL budgets of every public page, the same with 5 and with 500 articles.

A cold page (a cache miss) pays these; a warm cached page pays none (test_pagecache).
Without Redis every request also reads the shared content generation once
(portal.generation): that statement is counted apart and must occur exactly once.
Counts are of the second request of a page, as a warm server worker pays them: the
shared caches (chrome, channel tree, notices, most read, fragments, the article count of
a list) are filled by then.
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
from portal.generation import READ_SQL
from search.index import index_articles
from submissions.models import Message, MessageCategory
from tests.association.factories import make_issue, make_member, make_zone
from tests.submissions.factories import make_message

# page name -> (exact queries, cap from the issue or None). The apps' READMEs show these
# numbers in their "Query budgets" tables; tests/test_docs.py checks that they agree.
BUDGETS = {
    "home": (1, 6),
    "article": (4, 6),
    "channel": (1, 4),
    "channel_page_2": (1, 4),
    "topic_list": (2, 4),
    "topic": (2, 4),
    "tag": (2, 4),
    "search": (3, 6),
    "feed": (1, 4),
    "channel_feed": (1, 4),
    "sitemap": (18, None),  # the index: a count and a lastmod per section, 7 sections
    "sitemap_articles": (2, None),
    "members": (1, 4),
    "member": (3, None),
    "zones": (4, 4),
    "zone": (4, None),
    "magazine": (1, 4),
    "issue": (4, None),
    "association_page": (3, None),
    "message_list": (3, 4),
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
    for _done in index_articles(Article.objects.all()):
        pass
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
    for _i in range(min(n, 30)):
        make_message(category, state=Message.State.APPROVED, agree_to_publish=True, reply="答复")
    article = Article.objects.get(pk=ids[len(ids) // 2])
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "channel": news.get_absolute_url(),
        "channel_page_2": news.get_absolute_url() + "?page=2"
        if n > 20
        else news.get_absolute_url(),
        "topic_list": "/topics/",
        "topic": topic.get_absolute_url(),
        "tag": "/tags/tag-1/",
        "search": "/search/?q=高质量",  # in bodies only: both passes of the search run
        "feed": "/feeds/latest/",
        "channel_feed": f"/channels/{news.slug}/feed/",
        "sitemap": "/sitemap.xml",
        "sitemap_articles": "/sitemap-articles.xml",
        "members": "/members/",
        "member": member.get_absolute_url(),
        "zones": "/zones/",
        "zone": zone.get_absolute_url(),
        "magazine": "/magazine/",
        "issue": issue.get_absolute_url(),
        "association_page": about.get_absolute_url(),
        "message_list": "/messages/",
    }


# Statements that read or write no data: transaction control and planner settings (the
# search sets its planner options with SET LOCAL on PostgreSQL only).
NOT_QUERIES = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SET LOCAL")


def second_request_queries(client, url):
    assert client.get(url).status_code == 200, url  # fill the shared caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    data = [q for q in queries if not q["sql"].lstrip().upper().startswith(NOT_QUERIES)]
    generation_reads = [q for q in data if q["sql"] == READ_SQL]
    assert len(generation_reads) == 1, (url, len(generation_reads))
    return response, len(data) - len(generation_reads)


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [5, 500])
def test_every_public_page_stays_within_its_exact_query_budget(client, articles):
    """Each public page costs a fixed number of queries, the same with 5 or 500 articles."""
    urls = build_site(articles)
    for page, (exact, cap) in BUDGETS.items():
        assert cap is None or exact <= cap, page
    measured = {page: second_request_queries(client, urls[page])[1] for page in BUDGETS}
    assert measured == {page: exact for page, (exact, _cap) in BUDGETS.items()}


@pytest.mark.django_db
def test_every_cacheable_page_costs_no_query_when_warm(client, settings):
    """With the page cache on, a repeated anonymous request runs no SQL but the generation
    read (which Redis answers in the page's own round trip)."""
    settings.PAGE_CACHE_SECONDS = 600
    urls = build_site(5)
    for page, url in urls.items():
        response, count = second_request_queries(client, url)
        assert (page, response["X-Page-Cache"], count) == (page, "HIT", 0)

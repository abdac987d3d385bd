"""Feeds carry what people typed as text: no live markup, no broken XML."""

import datetime
import html

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Channel, Source

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(document.cookie)</script>",
    '"><svg onload=alert(1)>',
    "&lt;b&gt;已转义&lt;/b&gt; & 合作",
]


@pytest.fixture
def channel():
    return Channel.objects.create(name="资讯中心", slug="news")


def publish(channel, **fields):
    values = {
        "channel": channel,
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
    }
    values.update(fields)
    if "summary" in fields:
        values["summary_auto"] = False  # written by hand, as a hostile editor would
    return Article.objects.create(**values)


@pytest.mark.parametrize("url", ["/feeds/latest/", "/channels/news/feed/"])
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_and_summary_stay_text_in_feeds(client, channel, url, title):
    """A feed reader shows a hostile title and summary as the text typed, never as markup."""
    publish(channel, title=title, summary=f"摘要 {title}")
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    # feedparser hands over HTML (as readers render it): no element, and it reads as typed.
    assert "<" not in entry.title and "<" not in entry.summary
    assert html.unescape(entry.title) == title
    assert html.unescape(entry.summary) == f"摘要 {title}"


@pytest.mark.parametrize("field", ["title", "summary", "author", "source"])
def test_control_character_in_an_article_does_not_break_the_feeds(client, channel, field):
    """U+0001 in any feed field made the channel feed answer 500 every time."""
    values = {"title": "园区新闻", "summary": "摘要", "author": "记者"}
    if field == "source":
        values["source"] = Source.objects.create(name="管委会\x01办公室")
    else:
        values[field] = values[field] + "\x01\x1f\x7f"
    publish(channel, **values)
    for url in ("/channels/news/feed/", "/feeds/latest/"):
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == 1


def test_feed_survives_control_characters_already_in_the_database(client, channel):
    """Records stored before the rule (bypassing save) still give a valid feed."""
    article = publish(channel, title="旧文章")
    Article.objects.filter(pk=article.pk).update(title="旧\x01文章", summary="摘\x02要")
    feed = feedparser.parse(client.get("/channels/news/feed/").content)
    assert not feed.bozo
    assert html.unescape(feed.entries[0].title) == "旧文章"


def test_hostile_channel_name_stays_text_in_its_feed(client):
    Channel.objects.create(name="<b>栏目</b>", slug="odd", description="<i>说明</i>")
    feed = feedparser.parse(client.get("/channels/odd/feed/").content)
    assert not feed.bozo
    assert html.unescape(feed.feed.title) == "<b>栏目</b>"
    assert "<" not in feed.feed.title

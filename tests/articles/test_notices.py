"""The notices ticker under the navigation: cached, yet scheduled notices appear on time."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import queries as article_queries
from articles.models import Article
from portal import generation
from tests.soup import texts

pytestmark = pytest.mark.django_db


def ticker(client, url="/no-such-page/"):
    """The text of the notices ticker as a reader sees it ("" when there is none)."""
    return " ".join(texts(client.get(url), ".notices"))


def test_ticker_shows_latest_visible_notices_on_every_page(client, make_article, channels):
    """The ticker lists published notices only: no drafts, no other channels."""
    make_article(title="关于召开年会的通知", channel=channels["notices"])
    make_article(title="草稿通知", channel=channels["notices"], status=Article.Status.DRAFT)
    make_article(title="普通新闻")
    html = ticker(client)
    assert "通知公告" in html and "关于召开年会的通知" in html
    assert "草稿通知" not in html and "普通新闻" not in html


def test_ticker_costs_no_query_once_warm(make_article, channels):
    """A warm ticker costs no query (but the request's one read of the shared generation)."""
    make_article(title="通知一", channel=channels["notices"])
    article_queries.notices()
    with CaptureQueriesContext(connection) as queries, generation.request_scope():
        assert [notice.title for notice in article_queries.notices()] == ["通知一"]
    assert [q["sql"] for q in queries] == [generation.READ_SQL]


def test_scheduled_notice_appears_on_time_from_the_warm_cache(
    client, make_article, channels, monkeypatch
):
    """A scheduled notice appears at its time from the warm cache, with no query."""
    soon = timezone.now() + timedelta(minutes=5)
    make_article(title="五分钟后发布的通知", channel=channels["notices"], publish_at=soon)
    assert "五分钟后发布的通知" not in ticker(client)
    later = soon + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        titles = [notice.title for notice in article_queries.notices()]
    # (outside a request the shared generation is read on each use)
    assert titles == ["五分钟后发布的通知"]
    assert [q["sql"] for q in queries] == [generation.READ_SQL]


def test_saving_a_notice_refreshes_the_ticker(client, make_article, channels):
    """Saving a notice shows its new title in the ticker at once."""
    notice = make_article(title="旧标题通知", channel=channels["notices"])
    assert "旧标题通知" in ticker(client)
    notice.title = "新标题通知"
    notice.save()
    assert "新标题通知" in ticker(client)

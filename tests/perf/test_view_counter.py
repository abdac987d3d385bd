"""View counting: by beacon, exact under concurrency, batched through Redis when present."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from articles import counter, mostread
from articles.models import Article, ArticleDailyViews
from portal import generation
from tests.portal.test_redis import REDIS_URL, _redis_available

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not _redis_available(), reason="no Redis at TEST_REDIS_URL")


@pytest.fixture
def redis_counter(settings):
    """Views counted in Redis under a key prefix of this test run only."""
    settings.REDIS_URL = REDIS_URL
    settings.VIEW_COUNTER_PREFIX = f"portal-tests-{uuid.uuid4().hex}:views"
    settings.VIEW_FLUSH_SECONDS = 60
    yield settings
    client = counter._redis()
    for key in client.scan_iter(settings.VIEW_COUNTER_PREFIX + "*"):
        client.delete(key)


def views_of(article):
    article.refresh_from_db()
    return article.view_count


def test_a_view_of_a_cached_article_is_counted_exactly_once(client, settings, make_article):
    """Page from the cache plus the page's beacon: one view, in the total and the day's row."""
    settings.PAGE_CACHE_SECONDS = 600
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "HIT"
    assert f'data-count-url="/articles/{article.pk}/view/"' in response.content.decode()
    client.post(reverse("articles:count-view", args=[article.pk]))
    assert views_of(article) == 1
    assert ArticleDailyViews.objects.get(article=article).views == 1


def test_beacon_counts_only_visible_articles_and_only_by_post(client, make_article):
    """Drafts, scheduled and unknown articles are not counted; GET (crawlers) counts nothing."""
    draft = make_article(status=Article.Status.DRAFT)
    later = make_article(publish_at=timezone.now() + timedelta(days=1))
    visible = make_article()
    for article in (draft, later):
        assert client.post(reverse("articles:count-view", args=[article.pk])).status_code == 404
    assert client.post(reverse("articles:count-view", args=[999999])).status_code == 404
    assert client.get(reverse("articles:count-view", args=[visible.pk])).status_code == 405
    assert views_of(draft) == views_of(later) == views_of(visible) == 0


@needs_redis
def test_redis_counts_are_written_in_one_batch(make_article, redis_counter):
    """With Redis, views wait in Redis and reach the database when a flush runs."""
    article = make_article()
    assert counter.record(article.pk) == 1  # the first request flushes (no flush yet)
    assert counter.record(article.pk) == 2
    assert counter.record(article.pk) == 3
    assert views_of(article) == 1
    assert counter.flush() == 2
    assert views_of(article) == 3
    assert ArticleDailyViews.objects.get(article=article).views == 3
    assert counter.flush() == 0


def record_concurrently(pk, *, threads, views_each):
    """Count views of article `pk` from many threads started at once; returns their errors."""
    barrier = threading.Barrier(threads)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _i in range(views_each):
                counter.record(pk)
        except Exception as exc:  # pragma: no cover - reported by the caller's assertion
            errors.append(exc)
        finally:
            connections.close_all()

    started = [threading.Thread(target=worker) for _i in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return errors


@needs_redis
@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="SQLite's shared-cache tables lock"
)
@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_views_are_counted_exactly(make_article, redis_counter):
    """200 concurrent views on one article: none lost, none counted twice."""
    article = make_article()
    assert record_concurrently(article.pk, threads=20, views_each=10) == []
    counter.flush()
    assert views_of(article) == 200
    assert ArticleDailyViews.objects.get(article=article).views == 200


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="needs PostgreSQL concurrency"
)
@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_views_without_redis(make_article):
    """Without Redis, one UPDATE per view is still exact under concurrency."""
    article = make_article()
    assert record_concurrently(article.pk, threads=20, views_each=10) == []
    assert views_of(article) == 200
    assert ArticleDailyViews.objects.get(article=article).views == 200


def test_most_read_lists_top_ten_of_the_last_thirty_days(client, make_article):
    """点击排行: the 10 most-viewed visible articles of the last 30 days, in the sidebars."""
    today = timezone.localdate()
    articles = [make_article(title=f"排行{i:02d}") for i in range(12)]
    for i, article in enumerate(articles):
        ArticleDailyViews.objects.create(article=article, day=today, views=100 + i)
    old = make_article(title="很久以前的热门")
    ArticleDailyViews.objects.create(article=old, day=today - timedelta(days=30), views=10_000)
    withdrawn = articles[11]
    html = client.get(articles[0].get_absolute_url()).content.decode()
    sidebar = html.split('class="sidebar most-read"')[1].split("</aside>")[0]
    titles = [f"排行{i:02d}" for i in range(11, 1, -1)]
    assert [t for t in titles if t in sidebar] == titles
    assert sidebar.index("排行11") < sidebar.index("排行10")
    assert "很久以前的热门" not in sidebar and "排行01" not in sidebar
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()
    html = client.get(articles[0].channel.get_absolute_url()).content.decode()
    sidebar = html.split('class="sidebar most-read"')[1].split("</aside>")[0]
    assert "排行11" not in sidebar and "排行01" in sidebar


def test_most_read_costs_no_query_once_warm(make_article, django_assert_num_queries):
    """The list is cached: a warm render in a request asks the database nothing but the
    request's one read of the shared generation."""
    ArticleDailyViews.objects.create(article=make_article(), day=timezone.localdate(), views=5)
    mostread.most_read()
    with django_assert_num_queries(1), generation.request_scope():
        assert len(mostread.most_read()) == 1
        assert len(mostread.most_read()) == 1


def test_views_are_counted_in_the_database_while_redis_is_down(make_article, settings):
    """An unreachable Redis loses no view: the beacon counts with one UPDATE instead."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    article = make_article()
    assert counter.record(article.pk) == 1
    assert views_of(article) == 1

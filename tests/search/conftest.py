from functools import partial

import pytest
from django.db import connection

from articles.models import Channel
from search.query import reset_stats
from tests import factories

# "window": the index plan split at half the time span (search.query.window_start), so
# that both parts of a windowed search are exercised on a small corpus.
PLANS = ["index", "walk", "window"] if connection.vendor == "postgresql" else [None]


@pytest.fixture(autouse=True)
def _fresh_plan_statistics():
    reset_stats()
    yield
    reset_stats()


@pytest.fixture
def channel(db):
    return Channel.objects.create(name="新闻动态", slug="news")


@pytest.fixture
def make_article(channel):
    """`tests.factories.make_article` with a neutral title and an empty body, so that
    only the words a test gives can match."""
    return partial(factories.make_article, channel=channel, title="一篇文章", body="")

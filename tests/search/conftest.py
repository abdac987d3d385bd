import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Channel, Source
from search.query import reset_stats

PLANS = ["index", "walk"] if connection.vendor == "postgresql" else [None]


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
    """Create an article (published an hour ago unless told otherwise)."""
    counter = {"n": 0}

    def make(title="一篇文章", body="", tags=(), source=None, age_hours=None, **fields):
        counter["n"] += 1
        hours = counter["n"] if age_hours is None else age_hours
        fields.setdefault("channel", channel)
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("publish_at", timezone.now() - datetime.timedelta(hours=hours))
        if source:
            fields["source"] = Source.objects.get_or_create(name=source)[0]
        article = Article.objects.create(title=title, body=body, **fields)
        if tags:
            article.tags.add(*tags)
        return article

    return make

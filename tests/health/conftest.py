"""Fixtures for the site health and statistics tests."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Channel
from tests import factories
from tests.editors.conftest import editor, reviewer, role_client  # noqa: F401 (fixtures)
from tests.submissions.factories import make_message


def days_ago(days, **extra):
    return timezone.now() - datetime.timedelta(days=days, **extra)


@pytest.fixture
def channel(db):
    """A news channel with a fresh article, so the home page is up to date."""
    news = factories.make_channel("资讯中心", "news", kind=Channel.Kind.NEWS)
    factories.make_article(news, title="今天的新闻", age_hours=2)
    return news


@pytest.fixture
def message(db):
    from submissions.models import MessageCategory

    category = MessageCategory.objects.create(name="建议", slug="advice")

    def make(age_days=None, *, sent=None, **fields):
        created = sent or days_ago(age_days)
        return make_message(category, created_at=created, **fields)

    return make

"""Fixtures for the submissions tests."""

import pytest

from articles.models import Channel
from submissions.models import MessageCategory


@pytest.fixture
def channel(db):
    return Channel.objects.create(name="园区动态", slug="zone-news")


@pytest.fixture
def category(db):
    return MessageCategory.objects.create(
        name="建议", slug="advice", email="advice@example.org", order=1
    )


@pytest.fixture
def manuscript_data(channel):
    """A valid manuscript post, without files."""
    return {
        "title": "苏州工业园区推进绿色低碳转型的实践",
        "author_name": "李晓明",
        "organisation": "苏州工业园区管委会",
        "phone": "0512-6688 1234",
        "email": "lixm@example.org",
        "preferred_channel": str(channel.pk),
        "abstract": "本文介绍园区在能源结构调整方面的做法。",
        "text": "第一段。\n\n第二段。",
        "declaration": "on",
    }


@pytest.fixture
def message_data(category):
    return {
        "category": str(category.pk),
        "name": "王女士",
        "contact": "13800138000",
        "subject": "关于开发区统计数据公开的建议",
        "content": "希望定期公布各开发区的主要经济指标。",
        "agree_to_publish": "on",
    }

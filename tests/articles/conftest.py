from functools import partial

import pytest

from articles.models import Channel, Source, Topic
from portal import pagecache
from tests import factories
from tests.factories import member


@pytest.fixture
def channels(db):
    news = Channel.objects.create(name="资讯中心", slug="news", order=1)
    provincial = Channel.objects.create(name="省级开发区动态", slug="provincial", parent=news)
    east = Channel.objects.create(name="华东地区", slug="east", parent=provincial)
    notices = Channel.objects.create(name="通知公告", slug="notices", order=2)
    return {"news": news, "provincial": provincial, "east": east, "notices": notices}


@pytest.fixture
def make_article(channels):
    """`tests.factories.make_article`, in 省级开发区动态 unless told otherwise."""
    return partial(factories.make_article, channel=channels["provincial"])


@pytest.fixture
def topic(db):
    return Topic.objects.create(title="不忘初心迎七一", slug="july")


@pytest.fixture
def source(db):
    return Source.objects.create(name="山东菏泽经济开发区")


@pytest.fixture
def editor(django_user_model):
    """A logged-in client of a member of 编辑 (`editor.user`)."""
    return member(django_user_model, "编辑", "editor", "editor@example.cn")


@pytest.fixture
def reviewer(django_user_model):
    """A logged-in client of a member of 审核 (`reviewer.user`)."""
    return member(django_user_model, "审核", "reviewer", "reviewer@example.cn")


@pytest.fixture
def three_stage(channels):
    """省级开发区动态 asks for three review stages (its sub-channel 华东地区 inherits them);
    通知公告 keeps the single review."""
    Channel.objects.filter(pk=channels["provincial"].pk).update(review_stages=3)
    pagecache.bump()
    return channels

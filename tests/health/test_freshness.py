"""Freshness (首页、栏目更新): the home page and every channel against its type's limit."""

import pytest

from articles.models import Channel
from health import checks
from tests import factories

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def channel_row(result, slug):
    channel = Channel.objects.get(slug=slug)
    return next(row for row in result["channels"] if row["pk"] == channel.pk)


def make_channel(slug, kind, newest_days=None, parent=None):
    channel = factories.make_channel(slug, slug, kind=kind, parent=parent)
    if newest_days is not None:
        factories.make_article(channel, publish_at=days_ago(newest_days))
    return channel


def test_news_channel_is_stale_after_two_weeks(channel):
    """A news channel whose newest article is 15 days old is stale; one of 13 days is not."""
    make_channel("old-news", Channel.Kind.NEWS, newest_days=15)
    make_channel("recent-news", Channel.Kind.NEWS, newest_days=13)
    result = checks.check_channels(days_ago(0))
    assert channel_row(result, "old-news")["state"] == "stale"
    assert channel_row(result, "recent-news")["state"] == "ok"
    assert [row["name"] for row in result["items"]] == ["old-news"]


def test_notices_and_policy_have_six_months(channel):
    """Notices and policy channels pass at 100 days and fail past 180."""
    make_channel("notices", Channel.Kind.NOTICES, newest_days=100)
    make_channel("policy", Channel.Kind.POLICY, newest_days=181)
    result = checks.check_channels(days_ago(0))
    assert channel_row(result, "notices")["state"] == "ok"
    assert channel_row(result, "policy")["state"] == "stale"


def test_static_channel_is_exempt_even_when_old_or_empty(channel):
    """A static channel is never reported, however old its newest item or if it has none."""
    make_channel("about-us", Channel.Kind.STATIC, newest_days=400)
    make_channel("empty-static", Channel.Kind.STATIC)
    result = checks.check_channels(days_ago(0))
    assert channel_row(result, "about-us")["state"] == "exempt"
    assert channel_row(result, "empty-static")["state"] == "exempt"
    assert result["count"] == 0


def test_empty_channels_are_listed_and_a_draft_does_not_count(channel):
    """A channel with nothing published is listed as empty: a draft or a scheduled article
    is not an update readers see."""
    empty = make_channel("empty", Channel.Kind.NEWS)
    factories.make_article(empty, status="draft", publish_at=days_ago(1))
    factories.make_article(empty, publish_at=days_ago(-3))  # scheduled
    result = checks.check_channels(days_ago(0))
    assert channel_row(result, "empty")["state"] == "empty"
    assert "empty" in [row["name"] for row in result["items"]]


def test_a_sub_channels_article_updates_its_parent(channel):
    """A channel's page lists its sub-channels, so their articles keep it up to date."""
    parent = make_channel("parent", Channel.Kind.NEWS)
    make_channel("child", Channel.Kind.NEWS, newest_days=3, parent=parent)
    result = checks.check_channels(days_ago(0))
    assert channel_row(result, "parent")["state"] == "ok"


def test_five_stale_or_empty_channels_fail_the_site(channel):
    """Four stale or empty channels are listed; the fifth fails the site (单项否决)."""
    for n in range(4):
        make_channel(f"stale-{n}", Channel.Kind.NEWS, newest_days=20 + n)
    assert not checks.check_channels(days_ago(0))["failed"]
    make_channel("empty-5", Channel.Kind.NEWS)
    result = checks.check_channels(days_ago(0))
    assert result["failed"] and result["count"] == 5


def test_home_page_fails_when_its_newest_item_is_over_two_weeks_old(db):
    """The home page's newest article at 15 days fails, at 13 days passes."""
    news = factories.make_channel()
    factories.make_article(news, publish_at=days_ago(15))
    result = checks.check_home(days_ago(0))
    assert result["failed"] and result["items"][0]["age_days"] == 15
    factories.make_article(news, publish_at=days_ago(13))
    result = checks.check_home(days_ago(0))
    assert not result["failed"] and result["newest"]["age_days"] == 13


def test_home_page_fails_with_nothing_visible(db):
    """No visible article at all (only a withdrawn one) fails the home page rule."""
    factories.make_article(status="withdrawn")
    assert checks.check_home(days_ago(0))["failed"]

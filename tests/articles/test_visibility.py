"""Drafts and scheduled articles stay hidden everywhere until their time comes."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_article, topic):
    visible = make_article(title="已发布的文章", tags=["营商环境"], topics=[topic])
    scheduled = make_article(
        title="定时发布的文章",
        publish_at=timezone.now() + timedelta(hours=1),
        tags=["营商环境"],
        topics=[topic],
        is_pinned=True,
        cover=image_upload(),  # a headline candidate for the carousel too
    )
    draft = make_article(
        title="草稿文章", status=Article.Status.DRAFT, tags=["营商环境"], topics=[topic]
    )
    older = make_article(title="更早的文章", publish_at=timezone.now() - timedelta(days=3))
    return {"visible": visible, "scheduled": scheduled, "draft": draft, "older": older}


def public_pages(scene, channels):
    visible = scene["visible"]
    return {
        "home": reverse("home"),
        "channel": reverse("articles:channel", args=["news"]),
        "tag": reverse("articles:tag", args=[visible.tags.first().slug]),
        "topic": reverse("articles:topic", args=["july"]),
        "feed": reverse("articles:feed"),
        "channel feed": reverse("articles:channel-feed", args=["provincial"]),
        "sitemap": reverse("sitemap"),
        "article (prev/next, related)": visible.get_absolute_url(),
        "older article (next)": scene["older"].get_absolute_url(),
    }


def test_draft_and_scheduled_articles_are_absent_from_every_public_page(client, scene, channels):
    """Drafts and scheduled articles appear on no public page."""
    for name, url in public_pages(scene, channels).items():
        html = client.get(url).content.decode()
        assert "已发布的文章" in html or scene["visible"].get_absolute_url() in html, name
        assert "定时发布的文章" not in html, name
        assert "草稿文章" not in html, name
        assert f"/articles/{scene['scheduled'].pk}/" not in html, name


def test_draft_and_scheduled_articles_answer_404_to_readers(client, scene):
    """Readers get 404 from a draft's or a scheduled article's address."""
    assert client.get(scene["scheduled"].get_absolute_url()).status_code == 404
    assert client.get(scene["draft"].get_absolute_url()).status_code == 404
    assert client.get(scene["visible"].get_absolute_url()).status_code == 200


def test_scheduled_article_appears_everywhere_once_its_time_has_come(
    client, scene, channels, monkeypatch
):
    """A scheduled article appears on every page once its time has come, with no job."""
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(scene["scheduled"].get_absolute_url()).status_code == 200
    for name, url in public_pages(scene, channels).items():
        if name.startswith("older"):
            continue
        html = client.get(url).content.decode()
        assert "定时发布的文章" in html or f"/articles/{scene['scheduled'].pk}/" in html, name
        assert "草稿文章" not in html, name


@pytest.mark.usefixtures("scene")
def test_feeds_parse_and_list_only_visible_articles(client):
    """Feeds are valid RSS listing published articles only."""
    for url in (reverse("articles:feed"), reverse("articles:channel-feed", args=["news"])):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/rss+xml")
        titles = [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]
        assert titles == ["已发布的文章", "更早的文章"]


def test_sitemap_lists_channels_topics_and_visible_articles_with_lastmod(client, scene):
    """The sitemap lists channels, topics and published articles, with lastmod."""
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [url.findtext("s:loc", namespaces=ns) for url in root.findall("s:url", ns)]
    assert any(loc.endswith(scene["visible"].get_absolute_url()) for loc in locs)
    assert not any(loc.endswith(scene["draft"].get_absolute_url()) for loc in locs)
    assert any(loc.endswith("/channels/provincial/") for loc in locs)
    assert any(loc.endswith("/topics/july/") for loc in locs)
    assert all(url.find("s:lastmod", ns) is not None for url in root.findall("s:url", ns)[:1])


def test_unknown_channel_topic_and_tag_answer_404(client):
    """Unknown channels, topics, tags and channel feeds answer 404."""
    assert client.get("/channels/no-such/").status_code == 404
    assert client.get("/topics/no-such/").status_code == 404
    assert client.get("/tags/no-such/").status_code == 404
    assert client.get("/channels/no-such/feed/").status_code == 404


def test_sitemap_holds_every_article_on_its_one_page():
    """/sitemap.xml has no index: a smaller page size would hide articles past the first page."""
    from articles.sitemaps import ArticleSitemap

    assert ArticleSitemap().paginator.per_page == 50000

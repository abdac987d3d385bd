"""An inactive channel hides its articles from lists, feeds, the sitemap and search; their
pages stay reachable by address without naming the hidden channel."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_article():
    Channel.objects.create(name="公开栏目", slug="open")
    hidden = Channel.objects.create(name="内部栏目", slug="internal", active=False)
    return Article.objects.create(
        title="内部栏目里的文章", channel=hidden, summary="摘要", body="<p>低空经济示范区</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip


def test_article_of_an_inactive_channel_is_not_public_in_lists(hidden_article):
    """published() is the one place: an inactive channel takes its articles out of lists."""
    assert not Article.objects.published().filter(pk=hidden_article.pk).exists()
    assert Article.objects.reachable().filter(pk=hidden_article.pk).exists()


@pytest.mark.parametrize("url", ["/", "/feeds/latest/", "/sitemap.xml", "/search/?q=低空经济"])
def test_article_of_an_inactive_channel_is_not_listed(client, hidden_article, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "内部栏目里的文章" not in content
    assert hidden_article.get_absolute_url() not in content


def test_its_page_stays_reachable_without_naming_the_channel(client, hidden_article):
    response = client.get(hidden_article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "内部栏目里的文章" in html
    assert "内部栏目" not in html.replace("内部栏目里的文章", "")
    assert "/channels/internal/" not in html

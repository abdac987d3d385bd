"""The articles pages are well-formed HTML (tests/htmlcheck.py), whatever they show."""

import pytest
from django.urls import reverse

from articles.models import Attachment, HomeBlock
from tests.factories import image_upload
from tests.htmlcheck import html_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_site(make_article, channels, topic, source):
    from django.core.files.base import ContentFile

    for i in range(3):
        make_article(title=f"头条{i}", is_pinned=True, cover=image_upload())
    article = make_article(
        title="结构完整的文章", subtitle="副标题", source=source, author="记者", topics=[topic],
        tags=["营商环境", "科技创新"], cover=image_upload(),
        body="<h2>小标题</h2><p>正文<a href='https://example.com'>链接</a></p>"
        "<table><tr><td>表格</td></tr></table><ul><li>列表</li></ul>",
    )  # fmt: skip
    Attachment.objects.create(
        article=article, title="附件", file=ContentFile(b"%PDF-1.4\n%%EOF", name="a.pdf")
    )
    make_article(title="相关文章", tags=["营商环境"], topics=[topic])
    make_article(title="通知", channel=channels["notices"])
    HomeBlock.objects.create(channel=channels["news"], count=5)
    HomeBlock.objects.create(channel=channels["provincial"], count=5)
    return article


def pages(article):
    return {
        "home": reverse("home"),
        "article": article.get_absolute_url(),
        "channel": reverse("articles:channel", args=["news"]),
        "sub-channel": reverse("articles:channel", args=["provincial"]),
        "topic list": reverse("articles:topic-list"),
        "topic": reverse("articles:topic", args=["july"]),
        "tag": reverse("articles:tag", args=[article.tags.first().slug]),
    }


@pytest.mark.parametrize(
    "name", ["home", "article", "channel", "sub-channel", "topic list", "topic", "tag"]
)
def test_page_is_valid_html(client, full_site, name):
    """Every articles page renders well-formed HTML."""
    response = client.get(pages(full_site)[name])
    assert response.status_code == 200
    assert html_errors(response.content.decode()) == []


@pytest.mark.usefixtures("channels")
def test_empty_pages_are_valid_html(client, topic):
    """No articles yet: the empty states are well-formed too."""
    for url in ("/", reverse("articles:channel", args=["news"]), topic.get_absolute_url()):
        assert html_errors(client.get(url).content.decode()) == [], url


def test_staff_preview_is_valid_html(client, full_site, staff_user):
    """The staff preview renders well-formed HTML."""
    client.force_login(staff_user)
    response = client.get(reverse("articles:preview", args=[full_site.pk]))
    assert html_errors(response.content.decode()) == []

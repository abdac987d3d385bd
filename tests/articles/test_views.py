"""Article, channel, topic and home pages: what readers see, with constant queries."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import queries as article_queries
from articles.models import Article, Attachment, HomeBlock
from tests.factories import image_upload
from tests.soup import parse, select, texts

pytestmark = pytest.mark.django_db


def test_article_page_shows_breadcrumb_with_topic_meta_and_share(
    client, make_article, topic, source
):
    """An article shows its channel path, topic, source, time, views, share links and meta tags."""
    article = make_article(
        title="丹阳街道党建引领发展", source=source, topics=[topic], tags=["党建引领"],
        publish_at=timezone.make_aware(timezone.datetime(2026, 7, 1, 8, 50)),
    )  # fmt: skip
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    crumbs = texts(response, ".breadcrumbs li")
    assert crumbs == [
        "首页", "资讯中心", "省级开发区动态", "专题文章列表 不忘初心迎七一", "丹阳街道党建引领发展"
    ]  # fmt: skip
    assert "来源：" in html and "山东菏泽经济开发区" in html
    assert "2026年07月01日 08:50" in html
    assert "点击量：" in html and f'data-count-url="/articles/{article.pk}/view/"' in html
    page = parse(response)
    assert page.select_one(".share details img.qr")["src"] == f"/articles/{article.pk}/qr.svg"
    weibo = page.select_one('.share a[href^="https://service.weibo.com/share/share.php?url="]')
    weibo = weibo["href"]
    # The title as the browser sends it: Chinese kept as such in the page, encoded on the way.
    assert parse_qs(urlsplit(weibo).query)["title"] == ["丹阳街道党建引领发展"]
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"http://testserver/articles/{article.pk}/"
    assert page.select_one('meta[property="og:title"]')["content"] == "丹阳街道党建引领发展"
    assert 'href="/tags/' in html and "党建引领" in html


def test_article_url_survives_a_change_of_title_and_channel(client, make_article, channels):
    """An article's address does not change when its title or channel does."""
    article = make_article()
    url = article.get_absolute_url()
    article.title = "新标题"
    article.channel = channels["notices"]
    article.save()
    assert client.get(url).status_code == 200


def test_page_request_writes_nothing_and_the_beacon_counts(client, make_article, staff_user):
    """The page (maybe cached) counts nothing; each reader's beacon adds one; staff preview
    adds none."""
    article = make_article()
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    url = reverse("articles:count-view", args=[article.pk])
    assert client.post(url).json() == {"views": 1}
    assert client.post(url, REMOTE_ADDR="198.51.100.2").json() == {"views": 2}
    client.force_login(staff_user)
    client.get(reverse("articles:preview", args=[article.pk]))
    article.refresh_from_db()
    assert article.view_count == 2


def test_prev_next_stay_in_the_channel(client, make_article, channels):
    """Previous and next links lead to articles of the same channel."""
    now = timezone.now()
    first = make_article(title="第一篇", publish_at=now - timedelta(days=3))
    make_article(title="别的栏目", channel=channels["notices"], publish_at=now - timedelta(days=2))
    second = make_article(title="第二篇", publish_at=now - timedelta(days=1))
    response = client.get(first.get_absolute_url())
    assert [link["href"] for link in select(response, 'a[rel="next"]')] == [
        second.get_absolute_url()
    ]
    assert "别的栏目" not in " ".join(texts(response, ".prev-next"))


def test_related_lists_up_to_five_sharing_a_topic_or_tag(client, make_article, topic):
    """Related articles: at most five, each sharing a topic or tag."""
    article = make_article(title="主文章", tags=["科技创新"])
    for i in range(6):
        make_article(title=f"相关{i}", tags=["科技创新"])
    make_article(title="同专题", topics=[topic])
    make_article(title="无关文章")
    related = texts(client.get(article.get_absolute_url()), ".related li")
    assert len(related) == 5
    assert not any("无关文章" in item for item in related)


def test_channel_page_lists_descendants_newest_first_with_tabs(client, make_article, channels):
    """A channel page lists its sub-channels' articles newest first, with tabs."""
    make_article(title="华东新闻", channel=channels["east"])
    make_article(title="省级新闻")
    html = client.get(reverse("articles:channel", args=["news"])).content.decode()
    assert html.index("华东新闻") < html.index("省级新闻")
    assert 'class="tabs"' in html and "省级开发区动态" in html


def test_channel_page_paginates_by_twenty(client, make_article):
    """A channel lists twenty articles a page; a page beyond the last answers 404."""
    for _i in range(25):
        make_article()

    def listed(response):
        return select(response, '.article-list > li > a[href^="/articles/"]')

    first = client.get(reverse("articles:channel", args=["provincial"]))
    assert len(listed(first)) == 20
    second = client.get(reverse("articles:channel", args=["provincial"]) + "?page=2")
    assert len(listed(second)) == 5
    assert (
        client.get(reverse("articles:channel", args=["provincial"]) + "?page=9").status_code == 404
    )


@pytest.mark.usefixtures("topic")
def test_home_shows_headlines_latest_blocks_and_topics(client, make_article, channels):
    """The home page shows the headline carousel, channel blocks and topics."""
    make_article(title="头条新闻", is_pinned=True, cover=image_upload())
    for number in range(11):  # more than 最新资讯 shows, so the block has one of its own
        make_article(title=f"华东要闻{number}", channel=channels["east"])
    HomeBlock.objects.create(channel=channels["provincial"], count=1, title="省级动态")
    html = client.get("/").content.decode()
    assert 'class="carousel"' in html and "头条新闻" in html
    assert "省级动态" in html and "不忘初心迎七一" in html
    block = html.split("省级动态")[1]
    assert block.count('href="/articles/') >= 1


def test_editors_changes_to_home_blocks_and_topics_show_on_the_next_page(
    client, settings, make_article, channels, topic
):
    """Blocks and the topics strip are kept with the content generation: a block renamed,
    added or removed and a topic switched off show at once, page cache and all."""
    settings.PAGE_CACHE_SECONDS = 300
    make_article(title="省级要闻", channel=channels["provincial"])
    block = HomeBlock.objects.create(channel=channels["provincial"], count=3, title="省级动态")
    assert "省级动态" in client.get("/").content.decode()
    block.title = "地方动态"
    block.save()
    HomeBlock.objects.create(channel=channels["notices"], count=3, title="公告栏")
    html = client.get("/").content.decode()
    assert "地方动态" in html and "公告栏" in html and "省级动态" not in html
    assert "不忘初心迎七一" in html
    topic.active = False
    topic.save()
    block.delete()
    html = client.get("/").content.decode()
    assert "不忘初心迎七一" not in html and "地方动态" not in html


def test_attachments_are_listed_under_the_body(client, make_article):
    """An article's attachments are listed under its body."""
    from django.core.files.base import ContentFile

    article = make_article()
    Attachment.objects.create(
        article=article, title="申报表", file=ContentFile(b"%PDF-1.4\n%%EOF", name="a.pdf")
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "申报表" in html and 'class="attachments"' in html


def _count(client, url):
    client.get(url)  # warm the caches that every page shares
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "channel", "topic", "article"])
def test_page_query_count_does_not_grow_with_content(client, make_article, channels, topic, page):
    """Home, channel, topic and article pages cost the same queries for 5 or 50 articles."""
    HomeBlock.objects.create(channel=channels["news"], count=5)
    HomeBlock.objects.create(channel=channels["notices"], count=5)

    def add(n):
        for i in range(n):
            make_article(
                title=f"文章{i}", tags=["营商环境", f"标签{i}"], topics=[topic],
                is_pinned=i % 2 == 0, cover=image_upload() if i < 3 else "",
                channel=channels["east"] if i % 2 else channels["provincial"],
            )  # fmt: skip

    add(5)
    target = Article.objects.published().first()
    urls = {
        "home": "/",
        "channel": reverse("articles:channel", args=["news"]),
        "topic": reverse("articles:topic", args=[topic.slug]),
        "article": target.get_absolute_url(),
    }
    few = _count(client, urls[page])
    add(45)
    many = _count(client, urls[page])
    assert few == many


def test_overlapping_home_blocks_each_list_their_own_articles(make_article, channels):
    """A block of 资讯中心 does not starve a block of its sub-channel 省级开发区动态."""
    make_article(title="华东要闻", channel=channels["east"])
    make_article(title="省级要闻", channel=channels["provincial"])
    make_article(title="中心要闻", channel=channels["news"])
    HomeBlock.objects.create(channel=channels["news"], count=5, title="资讯块", order=1)
    HomeBlock.objects.create(channel=channels["provincial"], count=5, title="省级块", order=2)
    HomeBlock.objects.create(channel=channels["east"], count=5, title="华东块", order=3)
    blocks = {block.display_title: block for block in article_queries.home_blocks()}
    assert [a.title for a in blocks["资讯块"].articles] == ["华东要闻", "省级要闻", "中心要闻"]
    assert [a.title for a in blocks["省级块"].articles] == ["华东要闻", "省级要闻"]
    assert [a.title for a in blocks["华东块"].articles] == ["华东要闻"]


def test_home_block_lists_the_newest_of_its_subtree_and_scheduled_ones_on_time(
    make_article, channels, monkeypatch
):
    """Exactly the `count` newest visible articles across sub-channels; no cache, no job."""
    now = timezone.now()
    for hours, channel in ((1, "east"), (2, "provincial"), (3, "east"), (4, "news"), (5, "east")):
        make_article(
            title=f"{hours}小时前",
            channel=channels[channel],
            publish_at=now - timedelta(hours=hours),
        )
    make_article(title="草稿", channel=channels["east"], status=Article.Status.DRAFT)
    make_article(
        title="定时", channel=channels["provincial"], publish_at=now + timedelta(minutes=5)
    )
    HomeBlock.objects.create(channel=channels["news"], count=3)
    assert [a.title for a in article_queries.home_blocks()[0].articles] == [
        "1小时前", "2小时前", "3小时前"
    ]  # fmt: skip
    later = now + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert [a.title for a in article_queries.home_blocks()[0].articles] == [
        "定时",
        "1小时前",
        "2小时前",
    ]

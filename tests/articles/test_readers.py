"""What readers of the news pages notice: feeds, times, covers, breadcrumbs, no repeats."""

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import HomeBlock
from tests.factories import image_upload
from tests.soup import texts

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    """Start tags as (tag, attrs dict), for assertions that do not depend on whitespace."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag, **attrs):
        return [
            a for t, a in self.found if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def elements(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return _Elements(response.content.decode())


def feeds(client, url):
    return [
        link["href"]
        for link in elements(client, url).all("link", rel="alternate", type="application/rss+xml")
    ]


def test_every_page_announces_the_nearest_feed(client, make_article, channels):
    """RSS autodiscovery: the channel's feed on its pages and articles, the site's elsewhere."""
    article = make_article(channel=channels["east"])
    assert feeds(client, "/") == ["/feeds/latest/"]
    assert feeds(client, "/topics/") == ["/feeds/latest/"]
    assert feeds(client, "/channels/east/") == ["/channels/east/feed/"]
    assert feeds(client, article.get_absolute_url()) == ["/channels/east/feed/"]


def test_machine_readable_times_are_iso_without_microseconds(client, make_article):
    """<time datetime> and article meta times are valid HTML times: no microseconds; a
    <time> without datetime (list dates) holds a valid date itself."""
    moment = timezone.now().replace(microsecond=123456) - timedelta(hours=1)
    article = make_article(publish_at=moment)
    make_article(title="同频道文章", publish_at=moment - timedelta(days=1))
    for url in ("/", "/channels/provincial/", article.get_absolute_url()):
        page = elements(client, url)
        times = [t["datetime"] for t in page.all("time") if t.get("datetime")]
        times += [m["content"] for m in page.all("meta") if "time" in m.get("property", "")]
        dates = texts(client.get(url), "time:not([datetime])")
        assert times or dates, url
        for value in times:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", value), (url, value)
        for value in dates:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), (url, value)


def test_list_dates_are_the_readers_local_day(client, make_article):
    """An article published at 20:00 UTC on June 30 is listed on July 1 (Beijing time)."""
    moment = datetime(2026, 6, 30, 20, 0, tzinfo=UTC)
    make_article(title="零点后发布", publish_at=moment)
    (line,) = [t for t in texts(client.get("/channels/provincial/"), ".article-list li")]
    assert line.endswith("2026-07-01")


def test_article_cover_loads_at_once_in_the_rendition_that_fits(client, make_article):
    """The largest image of an article page is never lazy and offers its three renditions."""
    article = make_article(cover=image_upload(size=(1600, 900)))
    (cover,) = [
        img for img in elements(client, article.get_absolute_url()).all("img") if "srcset" in img
    ]
    assert "loading" not in cover
    assert cover["fetchpriority"] == "high"
    widths = [part.split()[-1] for part in cover["srcset"].split(",")]
    assert widths == ["320w", "640w", "1200w"]
    assert cover["sizes"]


def test_topic_article_breadcrumb_ends_with_the_article_title(client, make_article, topic):
    """Home > channels > 专题文章列表 <topic> (linked) > the article, unlinked."""
    article = make_article(title="七一专题报道", topics=[topic])
    html = client.get(article.get_absolute_url()).content.decode()
    trail = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert f'href="{topic.get_absolute_url()}"' in trail
    assert re.search(r'<span aria-current="page">七一专题报道</span>\s*</li>\s*</ol>', trail)


def test_home_blocks_never_repeat_a_story_of_latest_news(client, make_article, channels):
    """A story listed under 最新资讯 does not appear again in a channel block below it."""
    articles = [make_article(title=f"华东新闻{n}", channel=channels["east"]) for n in range(14)]
    HomeBlock.objects.create(channel=channels["provincial"], count=3, title="省级动态")
    html = client.get("/").content.decode()
    latest = html.split('id="latest-title"')[1].split("</section>")[0]
    block = html.split("省级动态")[1].split("</section>")[0]
    latest_links = set(re.findall(r'href="(/articles/\d+/)"', latest))
    block_links = re.findall(r'href="(/articles/\d+/)"', block)
    assert len(latest_links) == 10
    assert block_links == [a.get_absolute_url() for a in articles[10:13]]
    assert not latest_links & set(block_links)


def test_notices_ticker_links_to_every_notice(client, make_article, channels):
    """The ticker's 更多 link reaches the 通知公告 list (phones show one notice only)."""
    make_article(title="关于召开年会的通知", channel=channels["notices"])
    page = elements(client, "/channels/provincial/")
    (more,) = [a for a in page.all("a") if a.get("class") == "notices-more"]
    assert more["href"] == "/channels/notices/"


def test_four_topics_are_marked_so_they_fill_one_row(client, make_article):
    """The topic strip says how many topics it holds, so four make one row of four."""
    from articles.models import Topic

    for n in range(4):
        Topic.objects.create(title=f"专题{n}", slug=f"topic-{n}")
    page = elements(client, "/")
    assert [ul for ul in page.all("ul") if "topic-count-4" in ul.get("class", "")]


def test_each_section_loads_the_site_stylesheet_and_only_its_own(client, make_article):
    """A page loads site.css plus its section's stylesheet, not all five."""
    article = make_article()
    expected = {
        "/": {"site.css", "articles.css"},
        article.get_absolute_url(): {"site.css", "articles.css"},
        "/search/?q=新闻": {"site.css", "search.css"},
        "/zones/": {"site.css", "association.css"},
        "/messages/new/": {"site.css", "submissions.css"},
        "/sitemap/": {"site.css"},
    }
    for url, sheets in expected.items():
        links = elements(client, url).all("link", rel="stylesheet")
        screen = {link["href"].rsplit("/", 1)[-1] for link in links if not link.get("media")}
        assert screen == sheets, url

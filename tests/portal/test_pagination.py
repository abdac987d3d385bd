"""The one pagination include, as every list shows it."""

import pytest

from articles.models import Channel
from association.models import Zone
from submissions.models import MessageCategory
from tests.association.factories import make_member
from tests.factories import make_article
from tests.soup import parse, select, text
from tests.submissions.factories import make_message

pytestmark = pytest.mark.django_db


def pagination(response):
    assert response.status_code == 200
    nav = parse(response).select_one("nav ul.pagination")
    assert nav is not None, "no pagination"
    return nav


def test_channel_pages_link_previous_and_next_with_rel_and_mark_the_current_page(client):
    """上一页/下一页 carry rel prev/next; the current page is aria-current; far pages elide."""
    channel = Channel.objects.create(name="资讯中心", slug="news")
    for _i in range(20 * 12):
        make_article(channel)
    nav = pagination(client.get("/channels/news/?page=6"))
    previous, following = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
    assert (text(previous), previous["href"]) == ("上一页", "?page=5")
    assert (text(following), following["href"]) == ("下一页", "?page=7")
    assert text(nav.select_one('[aria-current="page"]')) == "6"
    numbers = [text(item) for item in nav.select("li")][1:-1]
    assert numbers == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]


def test_first_page_has_no_previous_and_last_page_no_next(client):
    """There is no 上一页 on the first page and no 下一页 on the last."""
    channel = Channel.objects.create(name="资讯中心", slug="news")
    for _i in range(25):
        make_article(channel)
    assert pagination(client.get("/channels/news/")).select_one('a[rel="prev"]') is None
    assert pagination(client.get("/channels/news/?page=2")).select_one('a[rel="next"]') is None


def test_message_pages_keep_the_category(client):
    """Paging through one category's messages stays in that category."""
    category = MessageCategory.objects.create(name="建议", slug="advice")
    for index in range(12):
        make_message(category, subject=f"留言{index}", agree_to_publish=True, state="approved")
    nav = pagination(client.get("/messages/", {"category": "advice"}))
    assert nav.select_one('a[rel="next"]')["href"] == "?category=advice&page=2"


def test_search_pages_keep_the_query_and_filters(client):
    """Paging through results keeps the words searched for and the filters."""
    channel = Channel.objects.create(name="资讯中心", slug="news")
    for _i in range(25):
        make_article(channel, title="区域合作")
    nav = pagination(client.get("/search/", {"q": "合作", "channel": channel.pk}))
    assert (
        nav.select_one('a[rel="next"]')["href"]
        == f"?q=%E5%90%88%E4%BD%9C&channel={channel.pk}&page=2"
    )


def test_zone_pages_keep_only_the_recognised_filters(client):
    """Zone page links keep every recognised filter value and drop what was not understood."""
    for index in range(25):
        Zone.objects.create(name=f"园区{index}", province="jiangsu", level="national", type="etdz")
    nav = pagination(client.get("/zones/?province=jiangsu&province=mars"))
    assert nav.select_one('a[rel="next"]')["href"] == "?province=jiangsu&page=2"


def test_a_zones_article_list_pages_with_the_same_links(client):
    """The articles of a zone page with the same 上一页/下一页 links as every list."""
    zone = Zone.objects.create(
        name="苏州工业园区", province="jiangsu", level="national", type="etdz"
    )
    channel = Channel.objects.create(name="资讯中心", slug="news")
    zone.articles.add(*[make_article(channel) for _i in range(16)])
    nav = pagination(client.get(zone.get_absolute_url()))
    assert (text(nav.select_one('a[rel="next"]')), nav.select_one('a[rel="next"]')["href"]) == (
        "下一页",
        "?page=2",
    )


def test_member_directory_pages_keep_the_province_and_group_each_page(client):
    """The member directory pages by thirty, keeps the province filter and groups each page."""
    for index in range(35):
        make_member(name=f"江苏协会{index:02d}", province="jiangsu", order=index)
    make_member(name="广东协会", province="guangdong")
    first = client.get("/members/", {"province": "jiangsu"})
    assert pagination(first).select_one('a[rel="next"]')["href"] == "?province=jiangsu&page=2"
    second = client.get("/members/", {"province": "jiangsu", "page": 2})
    groups = select(second, ".member-group")
    assert [group.h2["id"] for group in groups] == ["group-jiangsu"]
    assert [text(name) for name in groups[0].select("h3")] == [
        f"江苏协会{index:02d}" for index in range(30, 35)
    ]

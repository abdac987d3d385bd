import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import generation
from portal.models import Link, LinkGroup, NavItem, SiteSettings
from tests.soup import select

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu():
    news = NavItem.objects.create(title="资讯中心", url="/news/", order=1)
    NavItem.objects.create(title="省级动态", url="/news/provinces/", parent=news, order=1)
    NavItem.objects.create(title="投稿", url="/submit/", order=2)
    NavItem.objects.create(title="已停用", url="/old/", order=3, active=False)
    return news


@pytest.fixture
def footer_links():
    gov = LinkGroup.objects.create(name="政府部门", slug="gov", order=1)
    Link.objects.create(group=gov, name="商务部", url="https://www.mofcom.gov.cn/")
    Link.objects.create(group=gov, name="隐藏链接", url="https://hidden.example/", active=False)
    LinkGroup.objects.create(name="停用分组", slug="off", active=False)
    return gov


@pytest.mark.usefixtures("menu")
def test_navigation_comes_from_the_database_with_dropdowns(client):
    """The menu comes from the database, in order, with dropdowns and without inactive items."""
    response = client.get("/no-such-page/")
    html = response.content.decode()
    hrefs = [link["href"] for link in select(response, "#main-nav a")]
    assert "/news/" in hrefs and "/news/provinces/" in hrefs and "省级动态" in html
    assert "投稿" in html
    assert "已停用" not in html
    assert html.index("资讯中心") < html.index("投稿")


@pytest.mark.usefixtures("footer_links")
def test_footer_link_groups_come_from_the_database(client):
    """Footer link groups come from the database, without inactive groups or links."""
    html = client.get("/no-such-page/").content.decode()
    assert "政府部门" in html and "https://www.mofcom.gov.cn/" in html
    assert "hidden.example" not in html
    assert "停用分组" not in html


def test_site_settings_appear_in_header_and_footer(client):
    """The site name, ICP number and QQ group from the settings appear on every page."""
    settings_obj = SiteSettings.load()
    settings_obj.site_name = "开发区协会测试站"
    settings_obj.icp_number = "京ICP备12345678号"
    settings_obj.qq_group = "987654321"
    settings_obj.save()
    html = client.get("/no-such-page/").content.decode()
    assert "开发区协会测试站" in html
    assert "京ICP备12345678号" in html
    assert "987654321" in html


def test_saving_navigation_invalidates_the_cached_chrome(client, menu):
    """Saving a menu item moves the content generation on: the change shows at once."""
    client.get("/no-such-page/")
    before = generation.read()
    menu.title = "新闻中心"
    menu.save()
    assert generation.read() != before
    assert "新闻中心" in client.get("/no-such-page/").content.decode()


def test_saving_settings_or_links_invalidates_the_cached_chrome(client, footer_links):
    """Saving settings or links, or deleting a group, shows at once."""
    client.get("/no-such-page/")
    Link.objects.create(group=footer_links, name="科技部", url="https://www.most.gov.cn/")
    assert "科技部" in client.get("/no-such-page/").content.decode()
    settings_obj = SiteSettings.load()
    settings_obj.phone = "010-8888 6666"
    settings_obj.save()
    assert "010-8888 6666" in client.get("/no-such-page/").content.decode()
    footer_links.delete()
    assert "科技部" not in client.get("/no-such-page/").content.decode()


@pytest.mark.usefixtures("menu", "footer_links")
def test_warm_chrome_costs_no_queries(client):
    """A page with a warm chrome costs no query for it (but the request's one read of the
    shared generation)."""
    client.get("/no-such-page/")  # warms the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "资讯中心" in response.content.decode()
    # A 404 is first looked up once among the old addresses editors mapped (redirects app).
    sql = [q["sql"] for q in queries]
    assert len(sql) == 2 and sql[0] == generation.READ_SQL, sql
    assert '"django_redirect"' in sql[1], sql


def test_cold_chrome_query_count_does_not_grow_with_links(client, menu, footer_links):
    """Building the chrome costs the same queries for few or many links and menu items."""
    from django.contrib.sites.models import Site

    SiteSettings.load()
    Site.objects.get_current()  # kept for the process's life, so warm it before counting
    with CaptureQueriesContext(connection) as few:
        client.get("/no-such-page/")
    for i in range(20):
        Link.objects.create(group=footer_links, name=f"链接{i}", url=f"https://l{i}.example/")
        NavItem.objects.create(title=f"栏目{i}", url=f"/c{i}/", parent=menu)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get("/no-such-page/")
    assert len(many) == len(few)


def test_navigation_item_with_javascript_url_is_rejected():
    """A menu item cannot link to a javascript: address."""
    from django.core.exceptions import ValidationError

    item = NavItem(title="坏链接", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        item.full_clean()


def current_links(response):
    return [link["href"] for link in select(response, '#main-nav a[aria-current="page"]')]


@pytest.mark.usefixtures("menu")
def test_navigation_marks_the_link_to_the_page_being_shown(client):
    """The entry (or sub-entry) linking to the page shown is marked; elsewhere none is."""
    assert current_links(client.get("/news/")) == ["/news/"]
    assert current_links(client.get("/news/provinces/")) == ["/news/provinces/"]
    assert current_links(client.get("/no-such-page/")) == []
    assert current_links(client.get("/news/")) == ["/news/"]  # cached, still this page's


@pytest.mark.usefixtures("menu")
def test_marked_navigation_is_rendered_once_per_entry_not_per_page(client, monkeypatch):
    """Pages the navigation does not link to share one cached rendering of it."""
    from django.template.engine import Engine

    rendered = []
    real = Engine.get_template

    def spy(self, name):
        if name == "includes/nav.html":
            rendered.append(name)
        return real(self, name)

    monkeypatch.setattr(Engine, "get_template", spy)
    for path in ("/no-such-page/", "/another/", "/news/", "/news/", "/third/"):
        client.get(path)
    assert len(rendered) == 2  # one for /news/, one for every other page

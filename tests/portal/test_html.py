import pytest
from django.test import RequestFactory

from portal.models import Link, LinkGroup, NavItem, SiteSettings
from portal.views import server_error
from tests.htmlcheck import html_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def furnished_site():
    settings_obj = SiteSettings.load()
    settings_obj.wechat_account = "开发区资讯"
    settings_obj.qq_group = "123456"
    settings_obj.icp_number = "京ICP备1号"
    settings_obj.save()
    news = NavItem.objects.create(title="资讯中心", url="/news/")
    NavItem.objects.create(title="省级动态", url="/news/p/", parent=news)
    group = LinkGroup.objects.create(name="政府部门", slug="gov")
    Link.objects.create(group=group, name="商务部", url="https://www.mofcom.gov.cn/")


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/search/?q=%3Cb%3E"])
@pytest.mark.usefixtures("furnished_site")
def test_site_pages_are_well_formed_html(client, path):
    """Unclosed or mismatched elements break layouts and screen readers."""
    html = client.get(path).content.decode()
    assert html_errors(html) == []


def test_server_error_page_needs_neither_database_nor_cache():
    """The 500 page renders without context processors: the database may be what failed."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html and 'class="site-header"' in html
    assert html_errors(html) == []


def test_checker_catches_broken_markup():
    """The checker itself must fail on the mistakes it is meant to catch."""
    broken = '<!DOCTYPE html><html lang="zh"><title>x</title><div><span></div><img src="a">'
    errors = html_errors(broken)
    assert any("does not close" in e for e in errors)
    assert any("no alt" in e for e in errors)

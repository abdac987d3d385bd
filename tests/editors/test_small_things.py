"""The smaller things the editors' walk-through found (issue 12, item 8)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Link, LinkGroup, NavItem
from submissions.models import StatusChange

pytestmark = pytest.mark.django_db


def test_manuscript_has_no_view_on_site_button(editor, content):
    """A manuscript has no public page of its own, so the admin offers no link to one."""
    url = reverse("admin:submissions_manuscript_change", args=[content["manuscript"].pk])
    html = editor.get(url).content.decode()
    assert "在站点上查看" not in html and "viewsitelink" not in html


def test_status_history_shows_shanghai_time(editor, content):
    """A change at 17:30 UTC reads 01:30 the next day, as the office's clocks show it."""
    manuscript = content["manuscript"]
    moment = datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)
    StatusChange.objects.filter(manuscript=manuscript).update(changed_at=moment)
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    html = editor.get(url).content.decode()
    assert "2026年12月1日 01:30" in html or "2026-12-01 01:30" in html
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_navigation_list_names_the_target(reviewer, content):
    """The list shows 栏目：资讯中心, not articles.channel:1."""
    channel = content["channel"]
    NavItem.objects.create(title="资讯", target=f"articles.channel:{channel.pk}", order=2)
    html = reviewer.get(reverse("admin:portal_navitem_changelist")).content.decode()
    assert "栏目：资讯中心" in html and "articles.channel" not in html


def test_association_footer_group_says_where_its_links_come_from(reviewer, content):
    """The 行业协会 group tells editors its links come from the member associations."""
    group = LinkGroup.objects.create(name="行业协会", slug="associations")
    html = reviewer.get(reverse("admin:portal_linkgroup_change", args=[group.pk])).content
    assert "会员协会" in html.decode() and "自动" in html.decode()
    other = reviewer.get(reverse("admin:portal_linkgroup_change", args=[content["linkgroup"].pk]))
    assert "自动添加的链接" not in other.content.decode()


def test_footer_link_typed_without_scheme_is_saved_as_https(reviewer, content):
    """www.mofcom.gov.cn becomes https://www.mofcom.gov.cn."""
    group = content["linkgroup"]
    response = reviewer.post(
        reverse("admin:portal_link_add"),
        {"group": group.pk, "name": "商务部网站", "url": "www.mofcom.gov.cn", "order": 1},
    )
    assert response.status_code == 302
    assert Link.objects.get(name="商务部网站").url == "https://www.mofcom.gov.cn"


def test_message_form_asks_for_a_persons_name(client, content):
    """The public message form labels the name field 姓名, not 名称."""
    html = client.get(reverse("submissions:message-create")).content.decode()
    assert "姓名" in html and ">名称" not in html

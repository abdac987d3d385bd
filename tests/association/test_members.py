import pytest
from django.template import Context, Template

from association.models import MemberAssociation
from portal.models import LinkGroup

from .factories import make_article, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    return {
        "js1": make_member(name="江苏省开发区协会", province="jiangsu", order=1),
        "js2": make_member(name="苏州市开发区协会", province="jiangsu", order=2),
        "gd": make_member(name="广东省开发区协会", province="guangdong"),
        "off": make_member(name="已停用协会", province="zhejiang", active=False),
    }


def test_directory_groups_active_members_by_province(client, members):
    html = client.get("/members/").content.decode()
    assert "已停用协会" not in html and "浙江省" not in html
    jiangsu = html.index('id="group-jiangsu"')
    guangdong = html.index('id="group-guangdong"')
    assert jiangsu < html.index("江苏省开发区协会") < html.index("苏州市开发区协会") < guangdong
    assert html.index("广东省开发区协会") > guangdong


def test_region_filter_shows_only_that_province(client, members):
    html = client.get("/members/?province=guangdong").content.decode()
    assert "广东省开发区协会" in html
    assert "江苏省开发区协会" not in html.split('id="group-', 1)[1]
    assert "江苏省 <span" in html  # the filter still offers the other province


def test_unknown_region_filter_shows_everything(client, members):
    response = client.get("/members/?province=<script>")
    assert response.status_code == 200
    assert "广东省开发区协会" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_inactive_member_page_answers_404(client, members):
    assert client.get(members["off"].get_absolute_url()).status_code == 404


def test_footer_lists_only_active_members(client, members):
    LinkGroup.objects.create(name="行业协会", slug="associations")
    members["gd"].website = "https://gd.example.org/"
    members["gd"].save()
    html = client.get("/members/").content.decode()
    footer = html[html.index('id="links-associations"') :]
    assert "https://gd.example.org/" in footer
    assert f'href="{members["js1"].get_absolute_url()}"' in footer
    assert "已停用协会" not in footer


def test_hiding_a_member_with_the_admin_action_updates_the_footer(admin_client, members):
    LinkGroup.objects.create(name="行业协会", slug="associations")
    assert "广东省开发区协会" in admin_client.get("/members/").content.decode()
    admin_client.post(
        "/admin/association/memberassociation/",
        {"action": "deactivate", "_selected_action": [members["gd"].pk]},
    )
    assert not MemberAssociation.objects.get(pk=members["gd"].pk).active
    footer = admin_client.get("/members/").content.decode().split('id="links-associations"')[1]
    assert "广东省开发区协会" not in footer


def test_member_page_lists_only_its_visible_articles(client, members, channel):
    import datetime

    from django.utils import timezone

    mine = make_article(channel, title="江苏协会召开年会")
    draft = make_article(channel, title="未发布的稿件", status="draft")
    later = make_article(
        channel, title="定时发布的稿件", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    other = make_article(channel, title="其他协会的新闻")
    members["js1"].articles.add(mine, draft, later)
    members["gd"].articles.add(other)
    html = client.get(members["js1"].get_absolute_url()).content.decode()
    assert "江苏协会召开年会" in html and f'href="/articles/{mine.pk}/"' in html
    assert "未发布的稿件" not in html and "定时发布的稿件" not in html
    assert "其他协会的新闻" not in html


def test_home_strip_shows_only_active_members():
    make_member(name="活跃协会")
    make_member(name="停用协会", active=False)
    html = Template('{% load portal_tags %}{% slot "home" %}').render(Context())
    assert "活跃协会" in html and "停用协会" not in html

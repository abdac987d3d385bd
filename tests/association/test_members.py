import pytest
from django.template import Context, Template

from association.models import MemberAssociation
from portal.models import LinkGroup
from tests.factories import make_article
from tests.soup import parse, select, text, texts

from .factories import make_member

pytestmark = pytest.mark.django_db


def directory(response):
    """(heading id, province, [member names]) of each province group, in page order."""
    return [
        (group.h2["id"], text(group.h2), [text(name) for name in group.select("h3")])
        for group in select(response, ".member-group")
    ]


@pytest.fixture
def members():
    return {
        "js1": make_member(name="江苏省开发区协会", province="jiangsu", order=1),
        "js2": make_member(name="苏州市开发区协会", province="jiangsu", order=2),
        "gd": make_member(name="广东省开发区协会", province="guangdong"),
        "off": make_member(name="已停用协会", province="zhejiang", active=False),
    }


@pytest.mark.usefixtures("members")
def test_directory_groups_active_members_by_province(client):
    """The member directory groups active members by province, in order."""
    response = client.get("/members/")
    html = response.content.decode()
    assert "已停用协会" not in html and "浙江省" not in html
    assert directory(response) == [
        ("group-jiangsu", "江苏省", ["江苏省开发区协会", "苏州市开发区协会"]),
        ("group-guangdong", "广东省", ["广东省开发区协会"]),
    ]


@pytest.mark.usefixtures("members")
def test_region_filter_shows_only_that_province(client):
    """The province filter lists that province only and still offers the others."""
    response = client.get("/members/?province=guangdong")
    assert directory(response) == [("group-guangdong", "广东省", ["广东省开发区协会"])]
    assert "江苏省 (2)" in texts(response, ".region-filter a")  # still offered


@pytest.mark.usefixtures("members")
def test_unknown_region_filter_shows_everything(client):
    """An unknown province filter lists everyone and reflects nothing."""
    response = client.get("/members/?province=<script>")
    assert response.status_code == 200
    assert "广东省开发区协会" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_inactive_member_page_answers_404(client, members):
    """A deactivated member's page answers 404."""
    assert client.get(members["off"].get_absolute_url()).status_code == 404


def test_footer_lists_only_active_members(client, members):
    """The 行业协会 footer group lists active members only."""
    LinkGroup.objects.create(name="行业协会", slug="associations")
    members["gd"].website = "https://gd.example.org/"
    members["gd"].save()
    footer = parse(client.get("/members/")).select_one("#links-associations").parent
    hrefs = [link["href"] for link in footer.select("a")]
    assert "https://gd.example.org/" in hrefs and members["js1"].get_absolute_url() in hrefs
    assert "已停用协会" not in text(footer)


def test_hiding_a_member_with_the_admin_action_updates_the_footer(admin_client, members):
    """Deactivating a member in the admin removes it from the cached footer at once."""
    LinkGroup.objects.create(name="行业协会", slug="associations")
    assert "广东省开发区协会" in admin_client.get("/members/").content.decode()
    admin_client.post(
        "/admin/association/memberassociation/",
        {"action": "deactivate", "_selected_action": [members["gd"].pk]},
    )
    assert not MemberAssociation.objects.get(pk=members["gd"].pk).active
    footer = parse(admin_client.get("/members/")).select_one("#links-associations").parent
    assert "广东省开发区协会" not in text(footer)


def test_member_page_lists_only_its_visible_articles(client, members, channel):
    """A member's page lists its own published articles only."""
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
    """The home page's member strip shows active members only."""
    make_member(name="活跃协会")
    make_member(name="停用协会", active=False)
    html = Template('{% load portal_tags %}{% slot "home" %}').render(Context())
    assert "活跃协会" in html and "停用协会" not in html

"""Staff in each role (编辑, 审核, 留言管理, 审计员) as logged-in test clients, and content to
work on."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import Article, Channel
from association.models import Industry, Issue, MemberAssociation, Page, TocEntry, Zone
from portal.models import Link, LinkGroup, NavItem, SiteSettings
from submissions.models import Manuscript, Message, MessageCategory, StatusChange


def role_client(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username, password="pw-for-tests", is_staff=True, email=f"{username}@example.org"
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(django_user_model):
    return role_client(django_user_model, "编辑", "editor")


@pytest.fixture
def reviewer(django_user_model):
    return role_client(django_user_model, "审核", "reviewer")


@pytest.fixture
def message_desk(django_user_model):
    return role_client(django_user_model, "留言管理", "desk")


@pytest.fixture
def auditor(django_user_model):
    return role_client(django_user_model, "审计员", "auditor")


@pytest.fixture
def content(db):
    """One object of every kind the admin manages."""
    return make_content()


def make_content():
    """One object of every kind the admin manages, by name."""
    from submissions.services import insert_with_unique_number

    channel = Channel.objects.create(name="资讯中心", slug="news")
    article = Article.objects.create(
        title="开发区新闻",
        channel=channel,
        body="<p>正文</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    article.tags.add("营商环境")
    page = Page.objects.create(title="协会简介", slug="about", body="<p>简介</p>")
    industry = Industry.objects.create(name="电子信息", slug="electronics")
    zone = Zone.objects.create(
        name="苏州工业园区", province="jiangsu", level=Zone.Level.NATIONAL, type=Zone.Type.ETDZ
    )
    zone.industries.add(industry)
    member = MemberAssociation.objects.create(name="江苏省开发区协会", province="jiangsu")
    issue = Issue.objects.create(year=2026, number=11, total_number=300, theme="园区转型")
    TocEntry.objects.create(issue=issue, title="卷首语", order=1)
    category = MessageCategory.objects.create(name="建议", slug="advice", email="a@example.org")
    message = Message(
        category=category, name="读者", contact="reader@example.org", subject="建议", content="内容"
    )
    message.set_query_code("ABCD2345")
    insert_with_unique_number(message, "number", "LY")
    manuscript = Manuscript(
        title="调研报告", author_name="张伟", phone="010-1", email="z@example.org", declaration=True
    )
    insert_with_unique_number(manuscript, "tracking_number", "TG")
    StatusChange.objects.create(manuscript=manuscript, status=manuscript.status)
    nav = NavItem.objects.create(title="首页", url="/", order=1)
    group = LinkGroup.objects.create(name="友情链接", slug="friends")
    link = Link.objects.create(group=group, name="商务部", url="https://www.mofcom.gov.cn/")
    settings_obj = SiteSettings.load()
    return {
        "channel": channel,
        "article": article,
        "page": page,
        "industry": industry,
        "zone": zone,
        "member": member,
        "issue": issue,
        "category": category,
        "message": message,
        "manuscript": manuscript,
        "nav": nav,
        "linkgroup": group,
        "link": link,
        "sitesettings": settings_obj,
    }

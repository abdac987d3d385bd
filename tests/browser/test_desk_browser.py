"""我的工作台 in a real browser, as 编辑 and as 审核: what waits shows on the admin home,
its count in the navigation, and an entry leads to where the work is done.

With SCREENSHOTS_DIR set (`make screenshots`), the desk of each is saved as
desk-editor.png and desk-reviewer.png, and the desk of 终审 on a channel with three review
stages as desk-final-review.png."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles import services
from articles.models import Article, Channel

from .editors_helpers import ensure_roles, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name):
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / name), full_page=True)


def article(channel, title, author, **fields):
    fields.setdefault("status", Article.Status.DRAFT)
    fields.setdefault("body", f"<p>{title}的正文。</p>")
    return Article.objects.create(
        channel=channel, title=title, created_by=author, updated_by=author, **fields
    )


def test_the_desk_of_an_editor_and_of_a_reviewer(page, live_server, django_user_model):
    """编辑 sees drafts, the piece sent back with its reason and what waits; 审核 sees what
    waits, oldest first with its age, and opens the review page from the desk."""
    channel = Channel.objects.create(name="资讯中心", slug="news")
    now = timezone.now()
    editor = login_as(page, live_server, django_user_model, "编辑", "editor")
    chief = django_user_model.objects.create_user("chief", password="pw", is_staff=True)
    chief.groups.add(Group.objects.get(name="审核"))  # sends one back
    article(channel, "园区招商引资季度简报", editor)
    article(channel, "开发区营商环境调研（初稿）", editor)
    first = article(channel, "国家级经开区综合发展水平考核结果发布", editor)
    services.save(services.plan(editor, first, transition="submit"))
    second = article(channel, "高新区科技创新券申领指南", editor)
    services.save(services.plan(editor, second, transition="submit"))
    back = article(channel, "开发区安全生产月活动综述", editor)
    back = services.save(services.plan(editor, back, transition="submit"))
    services.save(
        services.plan(chief, back, transition="reject", reason="数据需要注明来源和统计口径。")
    )
    Article.objects.create(
        channel=channel,
        title="2027年开发区工作要点",
        status=Article.Status.PUBLISHED,
        publish_at=now + timedelta(days=2),
        body="<p>要点</p>",
    )
    Article.objects.create(
        channel=channel,
        title="招商推介会报名通知",
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(days=10),
        offline_at=now + timedelta(days=3),
        body="<p>通知</p>",
    )

    # --- 编辑 ---
    page.goto(reverse("admin:index"))
    expect(page.locator(".desk")).to_contain_text("我的工作台")
    expect(page.locator(".desk-drafts th a")).to_have_count(2)
    sent_back = page.locator(".desk-sent_back")
    expect(sent_back).to_contain_text("开发区安全生产月活动综述")
    expect(sent_back).to_contain_text("数据需要注明来源和统计口径。")
    expect(page.locator(".desk-mine_in_review th a")).to_have_count(2)
    expect(page.locator(".desk-review")).to_have_count(0)
    expect(page.locator(".desk-publications")).to_contain_text("2027年开发区工作要点")
    screenshot(page, "desk-editor.png")
    sent_back.locator("th a").click()
    expect(page).to_have_url(url(live_server, "admin:articles_article_change", back.pk))
    badge = page.locator("#nav-sidebar .model-article .desk-badge")
    expect(badge).to_have_text("退回给我的：1")

    # --- 审核 ---
    page.context.clear_cookies()
    login_as(page, live_server, django_user_model, "审核", "reviewer")
    page.goto(reverse("admin:index"))
    review = page.locator(".desk-review")
    expect(review.locator("th a")).to_have_text(
        ["国家级经开区综合发展水平考核结果发布", "高新区科技创新券申领指南"]
    )
    expect(review).to_contain_text("已等待")
    expect(page.locator(".desk-publications")).to_contain_text("2027年开发区工作要点")
    expect(page.locator(".desk-takedowns")).to_contain_text("招商推介会报名通知")
    screenshot(page, "desk-reviewer.png")
    review.locator("th a").first.click()
    expect(page).to_have_url(url(live_server, "admin:articles_article_review", first.pk))
    expect(badge).to_have_text("待审核：2")


def url(live_server, name, pk):
    return live_server.url + reverse(name, args=[pk])


def approve_stage(user, group_name, article):
    """`user` (in `group_name`) approves the stage the article waits for, on its review page."""
    ensure_roles()
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    review_page = reverse("admin:articles_article_review", args=[article.pk])
    assert client.post(review_page, {"_publish": "1", "reason": ""}).status_code == 302


def test_the_desk_of_the_final_review(page, live_server, django_user_model):
    """终审 sees, on a channel with three review stages, only what waits for the final
    review (not what 初审 or 复审 still decide), with its age, and opens its review page."""
    news = Channel.objects.create(name="资讯中心", slug="news", review_stages=3)
    parks = Channel.objects.create(name="园区动态", slug="parks", parent=news)
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    first = django_user_model.objects.create_user("first", password="pw", is_staff=True)
    second = django_user_model.objects.create_user("second", password="pw", is_staff=True)
    ensure_roles()
    editor.groups.add(Group.objects.get(name="编辑"))
    waiting = {}
    for title, approvals in (
        ("开发区绿色转型取得新进展", ("初审", "复审")),
        ("经开区数字化改革经验交流", ("初审",)),
        ("园区企业服务专员制度试行", ()),
    ):
        item = article(parks, title, editor)
        waiting[title] = services.save(services.plan(editor, item, transition="submit"))
        for group_name in approvals:
            approve_stage(first if group_name == "初审" else second, group_name, item)

    login_as(page, live_server, django_user_model, "终审", "final")
    page.goto(reverse("admin:index"))
    review = page.locator(".desk-review")
    expect(review.locator("caption")).to_contain_text("待审核、终审")
    expect(review.locator("th a")).to_have_text(["开发区绿色转型取得新进展"])
    expect(review).to_contain_text("已等待")
    badge = page.locator("#nav-sidebar .model-article .desk-badge")
    screenshot(page, "desk-final-review.png")
    review.locator("th a").first.click()
    expect(page).to_have_url(
        url(live_server, "admin:articles_article_review", waiting["开发区绿色转型取得新进展"].pk)
    )
    expect(page.locator(".waiting-for")).to_contain_text("终审")
    expect(badge).to_have_text("待审核、终审：1")

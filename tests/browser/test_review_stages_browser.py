"""三审 in a real browser, on a channel with 3 review stages: 编辑 writes and submits; 初审,
复审 and 终审 (one person each, none a superuser) approve their stage on the review page,
with a comment thread, a sign-off link opened on a phone without an account, and 终审
publishes. The review page at 终审 is saved under var/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Channel
from editorial.models import AuditEntry, ReviewComment, ReviewStep

from .editors_helpers import choose_autocomplete, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "div.ProseMirror[contenteditable=true]"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def log_in_again(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def channel(db):
    """资讯中心 has 3 stages; its sub-channel 园区动态 inherits them."""
    news = Channel.objects.create(name="资讯中心", slug="news", review_stages=3)
    return Channel.objects.create(name="园区动态", slug="parks", parent=news)


def test_an_article_goes_through_three_stages_each_by_another_person(
    page, live_server, django_user_model, channel, _playwright_browser
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # --- 编辑: write and submit in 园区动态 (3 stages, inherited from 资讯中心) ---
    editor = login_as(page, live_server, django_user_model, "编辑", "editor")
    page.goto(reverse("admin:articles_article_add"))
    page.wait_for_selector(BODY)
    page.fill("#id_title", "开发区绿色转型取得新进展")
    choose_autocomplete(page, "channel", "园区动态")
    page.locator(BODY).click()
    page.keyboard.type("各开发区加快绿色低碳转型。")
    page.select_option("#id_status", "pending")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title="开发区绿色转型取得新进展")
    assert article.status == Article.Status.PENDING
    review_url = reverse("admin:articles_article_review", args=[article.pk])

    # --- 初审: asks a question in the thread, then approves the first stage ---
    login_as(page, live_server, django_user_model, "初审", "first")
    page.goto(review_url)
    expect(page.locator(".waiting-for")).to_contain_text("初审")
    page.fill("#id_body", "数据出处请注明。")
    page.locator("input[name=_comment]").click()
    expect(page.locator(".review-comment")).to_contain_text("数据出处请注明。")
    page.fill("#id_reason", "初审通过")
    page.locator("#review-form input[name=_publish]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("复审")
    assert Article.objects.get(pk=article.pk).status == Article.Status.PENDING

    # --- 编辑: answers in the thread; cannot decide a stage ---
    log_in_again(page, live_server, editor)
    page.goto(review_url)
    expect(page.locator("#review-form")).to_have_count(0)
    page.fill("#id_body", "出处为市统计局公报。")
    page.locator("input[name=_comment]").click()
    expect(page.locator(".review-comment")).to_have_count(2)

    # --- 复审: creates a sign-off link for the leader, approves the second stage ---
    login_as(page, live_server, django_user_model, "复审", "second")
    page.goto(review_url)
    expect(page.locator(".waiting-for")).to_contain_text("复审")
    page.locator("input[name=_signoff]").click()
    link = page.locator("a.signoff-url").get_attribute("href")
    page.fill("#id_reason", "复审通过")
    page.locator("#review-form input[name=_publish]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("终审")

    # --- The leader, on a phone, no account: reads the pending version and agrees ---
    phone = _playwright_browser.new_context(viewport={"width": 390, "height": 844})
    leader = phone.new_page()
    leader.goto(link)
    expect(leader.locator(".preview-banner")).to_contain_text("预览 · 未发布")
    expect(leader.locator("h1")).to_have_text("开发区绿色转型取得新进展")
    leader.fill("#signoff-name", "张主任")
    leader.get_by_role("button", name="同意发布").click()
    expect(leader.locator(".signoff-form")).to_contain_text("张主任")
    phone.close()

    # --- 终审: sees every stage and the sign-off, publishes ---
    login_as(page, live_server, django_user_model, "终审", "final")
    page.goto(review_url)
    expect(page.locator(".waiting-for")).to_contain_text("终审")
    expect(page.locator(".review-steps")).to_contain_text("张主任")
    expect(page.locator(".review-steps")).to_contain_text("复审通过")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-stage-3-final.png"), full_page=True)
    page.locator("#review-form input[name=_publish]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article.refresh_from_db()
    assert article.is_published
    steps = list(ReviewStep.objects.order_by("id").values_list("stage", "decision", "username"))
    assert steps == [
        (1, "approved", "first"),
        (2, "approved", "second"),
        (3, "signed_off", "张主任"),
        (3, "approved", "final"),
    ]
    assert ReviewComment.objects.count() == 2
    assert AuditEntry.objects.filter(action="signoff_opened").count() == 1
    page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("开发区绿色转型取得新进展")
    assert errors == []

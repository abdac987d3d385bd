"""The article form's content checks panel in a real browser: every check on a crafted
article, and a second check of the unsaved text from the editor."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Channel
from editorial.models import SensitiveWord
from tests.factories import make_article

from .editors_helpers import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "div.ProseMirror[contenteditable=true]"


def test_the_panel_shows_each_check_and_checks_the_unsaved_text(
    page, live_server, django_user_model, settings
):
    """On a crafted article the panel lists every rule with what it found; after the title
    is shortened and text typed into the editor, 检查当前内容 checks the new text without
    saving it."""
    settings.SITE_DOMAIN = live_server.url.split("//", 1)[1]
    channel = Channel.objects.create(name="资讯中心", slug="news")
    SensitiveWord.objects.create(word="提醒词", level="warn")
    body = (
        "<h4>跳级的小标题</h4><p>这里有提醒词和再接再励。</p>"
        '<p><img src="/media/editor/2026/12/x-scaled-from-4000x3000.jpg"></p>'
        '<p><a href="/articles/999999/">旧链接</a> '
        f'<a href="http://{settings.SITE_DOMAIN}/channels/news/">明文链接</a></p>'
    )
    article = make_article(
        channel, title="这是一个很长很长的标题，列表页面显示不完整的那种", body=body
    )
    login_as(page, live_server, django_user_model, "编辑")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    panel = page.locator("#content-checks")
    expect(panel.get_by_role("heading", name="内容检查")).to_be_visible()
    for check, text in [
        ("image_alt", "图片没有替代文字"),
        ("heading_order", "此处应为 h2 级小标题"),
        ("link_broken", "/articles/999999/"),
        ("link_http", "请改为 https://"),
        ("title_long", "列表一行约显示 22 个字"),
        ("summary_empty", "未填写摘要"),
        ("image_scaled", "4000 × 3000"),
        ("words", "提醒词"),
    ]:
        expect(panel.locator(f'[data-check="{check}"]')).to_contain_text(text)

    page.fill("#id_title", "短标题")
    page.locator(BODY).click()
    page.keyboard.press("Control+End")
    page.keyboard.type("新加的提醒词")
    page.get_by_role("button", name="检查当前内容").click()
    expect(panel.locator('[data-check="title_long"]')).not_to_contain_text("列表一行")
    expect(panel.locator('[data-check="title_long"]')).to_have_class("content-check passes")
    expect(panel.locator('[data-check="words"]')).to_contain_text("新加的提醒词")
    article.refresh_from_db()
    assert article.title.startswith("这是一个很长")

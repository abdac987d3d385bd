import re

import pytest
from playwright.sync_api import expect

from submissions.models import Message, MessageCategory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_sends_a_message_and_reads_the_reply_with_the_code(page):
    """End to end on a phone: fill the form, get number and code, look the reply up."""
    MessageCategory.objects.create(name="咨询", slug="question", email="q@example.org")
    page.goto("/messages/new/")
    page.select_option("select[name=category]", label="咨询")
    page.fill("input[name=name]", "林先生")
    page.fill("input[name=contact]", "13700000000")
    page.fill("input[name=subject]", "会员单位如何申请")
    page.fill("textarea[name=content]", "请问新设开发区如何申请加入协会？<b>谢谢</b>")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/messages/sent/$"))
    number = page.inner_text("#message-number").strip()
    code = page.inner_text("#query-code").strip()
    message = Message.objects.get()
    assert message.number == number
    assert message.content.endswith("<b>谢谢</b>")

    message.reply = "您好，请按入会指南提交申请材料。"
    message.save()
    page.goto("/messages/lookup/")
    page.fill("input[name=number]", number)
    page.fill("input[name=query_code]", code)
    page.click("main button[type=submit]")
    expect(page.get_by_text("您好，请按入会指南提交申请材料。")).to_be_visible()
    assert (
        page.locator(".hp-field input").is_hidden()
        or not page.locator(".hp-field input").is_visible()
    )


def test_missing_subject_shows_the_error_next_to_the_field(page):
    """A blank subject shows the error by its field and keeps what was typed."""
    MessageCategory.objects.create(name="建议", slug="advice")
    page.goto("/messages/new/")
    page.fill("input[name=name]", "读者")
    page.fill("input[name=contact]", "reader@example.org")
    page.fill("input[name=subject]", "\u200b")
    page.fill("textarea[name=content]", "内容")
    page.click("main button[type=submit]")
    error = page.locator(".field-subject .errorlist")
    assert "这个字段是必须的" in error.inner_text()
    assert page.input_value("textarea[name=content]") == "内容"

import re

import pytest

from articles.models import Channel
from submissions.models import Manuscript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill_manuscript(page, phone="010-12345678"):
    page.fill("input[name=title]", "园区数字化转型的三点体会")
    page.fill("input[name=author_name]", "陈静")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=email]", "chenjing@example.org")
    page.fill("textarea[name=abstract]", "从数据平台、审批流程和企业服务三方面总结经验。")
    page.check("input[name=declaration]")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "稿件.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )


def test_manuscript_form_on_a_360px_phone_with_an_error_then_success(page):
    """Nothing overflows a 360 px screen; an error is shown by its field, the files asked again."""
    Channel.objects.create(name="园区动态", slug="zone-news")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/submit/")
    fill_manuscript(page, phone="call me")
    page.click("main button[type=submit]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone = page.locator("#id_phone")
    assert phone.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + phone.get_attribute("aria-describedby").split()[-1])
    assert "电话号码" in error.inner_text()
    assert page.input_value("input[name=title]") == "园区数字化转型的三点体会"
    assert "请重新选择" in page.locator(".field-attachments .errorlist").inner_text()

    page.fill("input[name=phone]", "010-12345678")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "稿件.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/submit/received/$"))
    number = page.inner_text("#tracking-number").strip()
    assert Manuscript.objects.get().tracking_number == number
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_captcha_picture_comes_from_the_site_and_its_box_is_labelled(page, settings):
    """The captcha image comes from this site, loads, and its box is labelled."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    page.goto("/submit/")
    image = page.locator(".captcha-image")
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.captcha-image').complete")
    assert image.evaluate("img => img.naturalWidth") > 0
    assert image.get_attribute("src").startswith("/captcha/image/")
    assert page.get_by_label("验证码").get_attribute("name") == "captcha_1"
    box = image.bounding_box()
    assert box["height"] == pytest.approx(44, abs=2)

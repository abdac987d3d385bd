"""The public forms as readers meet them: labels, own error messages, a captcha that explains."""

import re

import pytest
from captcha.models import CaptchaStore

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/submit/", "/messages/new/", "/submit/status/", "/messages/lookup/"]
)
def test_form_labels_end_in_a_chinese_colon(client, category, url):
    """Labels end in "：" as everywhere else on the site, never in an ASCII colon."""
    html = client.get(url).content.decode()
    labels = re.findall(r"<label for=\"id_[^\"]+\"[^>]*>([^<]+)</label>", html)
    assert labels, url
    for label in labels:
        assert label.endswith("："), label
        assert not label.endswith(":"), label


def test_lookup_errors_are_the_projects_own_chinese(client):
    """An empty or malformed lookup names the field and says what to do."""
    html = client.post("/submit/status/", {"tracking_number": "", "email": "bad"}).content.decode()
    assert "请填写“稿件编号”。" in html
    assert "请输入有效的电子邮箱地址" in html
    assert "这个字段是必须的" not in html


def test_captcha_explains_why_it_appears_and_offers_a_new_picture(client, settings):
    """The captcha says why it is there and has a 看不清，换一张 button."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    html = client.get("/messages/new/").content.decode()
    assert 'class="captcha-why"' in html
    assert "多次提交" in html
    button = re.search(r'<button type="button" class="captcha-refresh" data-url="([^"]+)"', html)
    assert button and "看不清，换一张" in html
    assert button.group(1) == "/captcha/refresh/"


def test_captcha_refresh_gives_a_new_key_and_picture(client):
    """The new picture belongs to a new, valid key; the picture is served by the site."""
    data = client.get("/captcha/refresh/").json()
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()
    assert data["image_url"].endswith(f"/{data['key']}@2/")
    assert client.get(data["image_url"]).status_code == 200


def test_captcha_refresh_is_rate_limited(client, settings):
    """A client asking for picture after picture is stopped (each one is a database row)."""
    from submissions import views

    for _ in range(views.CAPTCHA_REFRESH_LIMIT):
        assert client.get("/captcha/refresh/").status_code == 200
    assert client.get("/captcha/refresh/").status_code == 429


def test_codes_on_the_confirmation_pages_have_a_copy_button(client, message_data):
    """Each code sits on one line (no wrapping) with a 复制 button next to it."""
    response = client.post("/messages/new/", message_data, follow=True)
    html = response.content.decode()
    for target in ("message-number", "query-code"):
        assert re.search(
            rf'<span class="tracking-number" id="{target}">[^<]+</span>\s*'
            rf'<button type="button" class="copy-button" data-copy="{target}"',
            html,
        ), target

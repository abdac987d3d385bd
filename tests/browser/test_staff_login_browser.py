"""A superuser's whole staff login in the browser: enrol the authenticator, log out, log in
with its code, log in with a recovery code, and see the idle warning without losing a form."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Chief-Pass-2026!"


def app_code(secret, drift=0):
    """What an authenticator app shows for the key typed from the enrolment page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return str(totp(key, step=30, t0=0, digits=6, drift=drift)).zfill(6)


def log_in(page):
    page.goto(reverse("admin:index"))
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form input[type=submit]")


def log_out(page):
    page.click("#logout-form button")
    expect(page.locator("#content")).to_contain_text("重新登录")


def test_enrol_log_in_with_code_and_recovery_code_and_see_the_idle_warning(
    page, live_server, django_user_model, settings
):
    django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Enrol: after the password the admin is out of reach; the page shows QR code and key.
    log_in(page)
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:enrol')}?next=%2Fadmin%2F")
    expect(page.locator("h1")).to_have_text("设置双因素认证")
    expect(page.locator("img.accounts-qr")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text()
    page.goto(reverse("admin:auth_user_changelist"))
    expect(page.locator("h1")).to_have_text("设置双因素认证")
    page.fill("#id_code", app_code(secret))
    page.click("#enrol-form input[type=submit]")
    expect(page.locator(".success")).to_have_text("双因素认证已启用。")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("#codes-saved")  # on to the page asked for before
    expect(page).to_have_url(live_server.url + reverse("admin:auth_user_changelist"))
    expect(page.locator("#result_list")).to_contain_text("chief")
    log_out(page)

    # Log in with the app's code (the next 30-second window: the enrolment used this one).
    log_in(page)
    expect(page.locator("h1")).to_have_text("双因素认证")
    page.fill("#id_code", app_code(secret, drift=1))
    page.click("#otp-form input[type=submit]")
    expect(page).to_have_url(live_server.url + reverse("admin:index"))
    expect(page.locator("#user-tools")).to_contain_text("chief")
    log_out(page)

    # Log in with a recovery code instead of the phone.
    log_in(page)
    page.fill("#id_code", codes[0])
    page.click("#otp-form input[type=submit]")
    expect(page).to_have_url(live_server.url + reverse("admin:index"))
    expect(page.locator("#user-tools")).to_contain_text("chief")
    assert TOTPDevice.objects.filter(user__username="chief", confirmed=True).count() == 1

    # The idle warning: two minutes before the end; typing is kept; "继续工作" carries on.
    settings.STAFF_SESSION_IDLE_SECONDS = 122
    page.goto(reverse("admin:portal_navitem_add"))
    page.fill("#id_title", "还没保存的栏目")
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("由于长时间未操作，您将在")
    expect(warning).to_contain_text("后自动退出登录")
    expect(page.locator("#id_title")).to_have_value("还没保存的栏目")
    warning.get_by_role("button", name="继续工作").click()
    expect(warning).to_be_hidden()
    expect(page.locator("#id_title")).to_have_value("还没保存的栏目")
    state = page.evaluate(
        "url => fetch(url, {headers: {Accept: 'application/json'}}).then(r => r.json())",
        reverse("accounts:session"),
    )
    assert state["authenticated"] and state["idle_remaining"] > 115

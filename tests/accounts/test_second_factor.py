"""Two-factor login (等保 level 3): superusers and the review roles pass a TOTP code or a
recovery code after the password; nothing of the admin is reachable before."""

import re
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from editorial.models import AuditEntry

from .conftest import code_for, make_user, password_login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

VERIFY = "/admin/account/verify/"
ENROL = "/admin/account/enrol/"


def admin_pages():
    """The index, every model's list, the password change and the video upload."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    pages.append(reverse("upload-video"))
    return pages


def verify(client, code, ip="203.0.113.7", next_url="/admin/"):
    return client.post(VERIFY, {"code": code, "next": next_url}, REMOTE_ADDR=ip)


def enrol(client):
    """Go through the enrolment page as a person: read the key, type the app's code."""
    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username=page.context["username"], confirmed=False)
    assert page.context["secret"].replace(" ", "") in page.content.decode().replace(" ", "")
    response = client.post(ENROL, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    return response.context["codes"]


def test_superuser_with_password_alone_reaches_no_admin_page(client, boss):
    """After the password, every admin page leads to the code page, not to the page."""
    assert password_login(client, "boss").status_code == 302
    pages = admin_pages()
    assert len(pages) > 30
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    # With the code for the current time window they get in.
    response = verify(client, code_for(boss.totpdevice_set.get()))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_passing_the_second_factor_gives_a_new_session_key(client, boss):
    """The session's rights grow at the code: its key changes (no session fixation)."""
    password_login(client, "boss")
    before = client.session.session_key
    verify(client, code_for(boss.totpdevice_set.get()))
    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200


def test_a_reused_code_is_refused(client, boss):
    """A code that let someone in cannot be used again (replay), even within its 30 s."""
    password_login(client, "boss")
    code = code_for(boss.totpdevice_set.get())
    assert verify(client, code).status_code == 302
    client.post(reverse("admin:logout"))
    password_login(client, "boss")
    refused = verify(client, code)
    assert refused.status_code == 200
    assert "验证码不正确" in refused.content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_wrong_code_is_refused_in_chinese(client, boss):
    password_login(client, "boss")
    response = verify(client, "000000" if code_for(boss.totpdevice_set.get()) != "000000" else "1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "验证码不正确" in html and "双因素认证" in html
    assert client.get("/admin/").status_code == 302


def test_required_user_is_led_to_enrolment_and_reaches_nothing_else(client, django_user_model):
    """A reviewer without an authenticator sets one up right after the password."""
    make_user(django_user_model, "reviewer", group="审核")
    password_login(client, "reviewer")
    for url in admin_pages():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), url
    page = client.get(ENROL)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, made by segno
    assert "身份验证器" in html and "阿里云" in html and "微信" in html
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_first_code_does_not_enrol(client, django_user_model):
    make_user(django_user_model, "reviewer", group="审核")
    password_login(client, "reviewer")
    client.get(ENROL)
    response = client.post(ENROL, {"code": "12345x"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_recovery_codes_are_stored_hashed_and_work_once(client, django_user_model):
    """Ten codes, shown once; the database keeps only salted hashes; each works one time."""
    make_user(django_user_model, "reviewer", group="审核")
    password_login(client, "reviewer")
    codes = enrol(client)
    stored = " ".join(f"{row.salt} {row.digest}" for row in RecoveryCode.objects.all())
    assert RecoveryCode.objects.count() == 10
    assert not any(code.replace("-", "") in stored or code in stored for code in codes)
    client.post(reverse("admin:logout"))

    password_login(client, "reviewer")
    assert verify(client, codes[3].upper().replace("-", " ")).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("admin:logout"))

    password_login(client, "reviewer")
    refused = verify(client, codes[3])
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_user_in_no_required_group_logs_in_with_password_alone(client, django_user_model):
    """An editor (编辑) is not asked for a second factor."""
    make_user(django_user_model, "editor", group="编辑")
    assert password_login(client, "editor").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_the_setting_decides_which_groups_need_it(client, django_user_model, settings):
    """SECOND_FACTOR_REQUIRED_GROUPS: editors can be added, reviewers taken off."""
    make_user(django_user_model, "editor", group="编辑")
    make_user(django_user_model, "reviewer", group="审核")
    settings.SECOND_FACTOR_REQUIRED_GROUPS = ["编辑"]
    password_login(client, "editor")
    assert client.get("/admin/")["Location"].startswith(ENROL)
    client.post(reverse("admin:logout"))
    password_login(client, "reviewer")
    assert client.get("/admin/").status_code == 200


def test_superusers_need_it_whatever_the_setting(client, django_user_model, settings):
    settings.SECOND_FACTOR_REQUIRED_GROUPS = []
    make_user(django_user_model, "root", superuser=True)
    password_login(client, "root")
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_second_factor_failures_count_towards_the_lockout(client, boss, settings):
    """Five wrong codes lock the account from that address, like five wrong passwords."""
    password_login(client, "boss")
    right = code_for(boss.totpdevice_set.get())
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        boss.totpdevice_set.update(throttling_failure_count=0)  # django-otp's back-off aside
        assert verify(client, wrong).status_code == 200
    boss.totpdevice_set.update(throttling_failure_count=0)
    locked = verify(client, wrong)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    # The right password is refused from this address now.
    assert password_login(client, "boss").status_code == 429


def test_quick_retries_are_slowed_down(client, boss):
    """django-otp's back-off: right after a wrong code, even the right one must wait."""
    password_login(client, "boss")
    right = code_for(boss.totpdevice_set.get())
    verify(client, "000000" if right != "000000" else "111111")
    verify(client, "000000" if right != "000000" else "111111")
    response = verify(client, right)
    assert response.status_code == 200 and "秒后再试" in response.content.decode()


def test_a_recovery_code_is_not_held_back_by_the_apps_back_off(client, boss):
    """After quick wrong app codes the app's code must wait, a recovery code need not."""
    from accounts import second_factor

    codes = second_factor.replace_recovery_codes(boss)
    password_login(client, "boss")
    right = code_for(boss.totpdevice_set.get())
    verify(client, "000000" if right != "000000" else "111111")
    verify(client, "000000" if right != "000000" else "111111")
    assert verify(client, codes[0]).status_code == 302


def test_enrolment_use_failure_and_reset_are_audited(client, django_user_model):
    """The audit log names each event of the second factor, with the account."""
    user = make_user(django_user_model, "reviewer", group="审核")
    password_login(client, "reviewer")
    codes = enrol(client)
    client.post(reverse("admin:logout"))
    password_login(client, "reviewer")
    verify(client, "zzzzz-zzzzz")
    verify(client, codes[0])
    client.post(reverse("admin:logout"))
    password_login(client, "reviewer")
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    verify(client, code_for(TOTPDevice.objects.get(user=user), drift=1))
    call_command("reset_second_factor", "reviewer", "--reason", "手机丢失", stdout=StringIO())
    actions = list(
        AuditEntry.objects.filter(object_id=str(user.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    second = [a for a in actions if a not in ("login", "logout")]
    assert second == [
        "otp_enrolled",
        "otp_failed",
        "recovery_code_used",
        "otp_verified",
        "otp_reset",
    ]
    reset = AuditEntry.objects.get(action="otp_reset")
    assert "reset_second_factor" in reset.detail and "手机丢失" in reset.detail
    assert AuditEntry.objects.get(action="otp_failed").ip == "203.0.113.7"


def test_reset_command_makes_the_user_enrol_again(client, boss):
    """A lost phone: `manage.py reset_second_factor NAME`, then enrolment at the next login."""
    call_command("reset_second_factor", "boss", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=boss).exists()
    password_login(client, "boss")
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_second_factor_pages_are_in_chinese(client, boss, django_user_model):
    """The code page and the enrolment page speak Chinese, buttons included."""
    password_login(client, "boss")
    verify_page = client.get(VERIFY).content.decode()
    make_user(django_user_model, "reviewer", group="审核")
    other = client.__class__()
    password_login(other, "reviewer")
    enrol_page = other.get(ENROL).content.decode()
    for html in (verify_page, enrol_page):
        assert 'lang="zh-hans"' in html
        visible = re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", html)
        for english in ("Verify", "Code", "Log out", "second factor", "Six-digit"):
            assert english not in visible, english
    assert 'value="验证"' in verify_page and "退出登录" in verify_page
    assert 'value="启用双因素认证"' in enrol_page

"""Admin brute force: an account is locked *from one address* after repeated failures, an
address as a whole only at a much higher ceiling; nobody can lock out someone else."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from editorial.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="right-Pass-2026", is_staff=True
    )


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def test_account_is_locked_after_five_failures_with_a_chinese_message(client, editor, settings):
    """Even the right password is refused from that address; the page says when to retry."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "editor", "wrong").status_code == 200
    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多" in html and "其他账号不受影响" in html
    assert re.search(r"请于 \d\d:\d\d 后（约 30 分钟后）再试", html)
    assert locked["Retry-After"] == "1800"
    right = attempt(client, "editor", "right-Pass-2026")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_owner_elsewhere_is_not_locked_out(client, editor, settings):
    """Someone guessing from one address does not lock the account's owner, who is elsewhere."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(client, "editor", "wrong", ip="203.0.113.7")
    assert attempt(Client(), "editor", "right-Pass-2026", ip="198.51.100.9").status_code == 302


def test_failures_on_one_account_do_not_lock_another_from_the_same_address(
    client, editor, django_user_model, settings
):
    """5 failures against account A from one address leave account B free (the newsroom
    shares one address)."""
    django_user_model.objects.create_user("colleague", password="other-Pass-2026", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong", ip="203.0.113.7")
    assert attempt(client, "editor", "right-Pass-2026").status_code == 429
    response = attempt(Client(), "colleague", "other-Pass-2026", ip="203.0.113.7")
    assert response.status_code == 302


def test_address_is_locked_at_its_ceiling_whatever_account_it_tries(client, editor, settings):
    """Password spraying from one address: below the ceiling every other account still
    logs in; at AXES_ADDRESS_FAILURE_LIMIT failures the address is locked for all."""
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        attempt(client, f"user{number}", "wrong")
    assert attempt(Client(), "editor", "right-Pass-2026").status_code == 302
    attempt(client, "one-more", "wrong")
    locked = attempt(Client(), "editor", "right-Pass-2026")
    assert locked.status_code == 429 and "来自该地址的登录已被暂时锁定" in locked.content.decode()
    assert attempt(Client(), "editor", "right-Pass-2026", ip="198.51.100.9").status_code == 302


def test_the_default_ceiling_is_much_higher_than_the_account_limit(settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT


def test_other_accounts_and_addresses_are_not_affected(client, editor, django_user_model):
    django_user_model.objects.create_user("reviewer", password="other-Pass-2026", is_staff=True)
    for _ in range(5):
        attempt(client, "editor", "wrong", ip="203.0.113.7")
    response = attempt(client, "reviewer", "other-Pass-2026", ip="198.51.100.20")
    assert response.status_code == 302


def staff_client(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_a_reviewer_unlocks_an_account_in_the_admin_and_it_is_audited(
    client, editor, django_user_model
):
    """登录锁定 lists the lock; the reviewer's 解锁 lets the account in again at once."""
    for _ in range(5):
        attempt(client, "editor", "wrong")
    reviewer = staff_client(django_user_model, "reviewer", "审核")
    url = reverse("admin:accounts_loginlock_changelist")
    listing = reviewer.get(url).content.decode()
    assert "editor" in listing and "203.0.113.7" in listing and "锁定至" in listing
    from accounts.models import LoginLock

    response = reviewer.post(
        url,
        {
            "action": "unlock",
            "_selected_action": list(LoginLock.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "已解锁 1 个账号：editor" in response.content.decode()
    assert attempt(client, "editor", "right-Pass-2026").status_code == 302
    entry = AuditEntry.objects.get(action="unlocked")
    assert entry.username == "reviewer" and entry.detail == "editor"


def test_an_editor_cannot_unlock(client, editor, django_user_model):
    for _ in range(5):
        attempt(client, "editor", "wrong")
    other = staff_client(django_user_model, "other-editor", "编辑")
    url = reverse("admin:accounts_loginlock_changelist")
    assert other.get(url).status_code == 403
    from accounts.models import LoginLock

    pks = list(LoginLock.objects.values_list("pk", flat=True))
    assert other.post(url, {"action": "unlock", "_selected_action": pks}).status_code == 403
    assert attempt(client, "editor", "right-Pass-2026").status_code == 429


def test_documented_unlock_command_lets_the_account_in_again(client, editor):
    for _ in range(5):
        attempt(client, "editor", "wrong")
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "203.0.113.7")
    assert attempt(client, "editor", "right-Pass-2026").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", "right-Pass-2026").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", "right-Pass-2026").status_code == 302


def test_logins_without_a_request_still_work(client, editor):
    """The test client's login() (and the shell) authenticate without a request."""
    assert client.login(username="editor", password="right-Pass-2026")

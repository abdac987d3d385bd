"""Admin brute force: an account and an address are locked after repeated failures."""

import pytest
from django.core.management import call_command

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
    """Even the right password is refused once the account is locked."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "editor", "wrong").status_code == 200
    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多" in html and "30 分钟" in html
    right = attempt(client, "editor", "right-Pass-2026", ip="198.51.100.9")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_address_is_locked_after_failures_on_many_accounts(client, editor, settings):
    """Password spraying from one address: locked, whatever account it tries next."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"user{number}", "wrong")
    assert attempt(client, "editor", "right-Pass-2026").status_code == 429


def test_other_accounts_and_addresses_are_not_affected(client, editor, django_user_model):
    django_user_model.objects.create_user("reviewer", password="other-Pass-2026", is_staff=True)
    for _ in range(5):
        attempt(client, "editor", "wrong", ip="203.0.113.7")
    response = attempt(client, "reviewer", "other-Pass-2026", ip="198.51.100.20")
    assert response.status_code == 302


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

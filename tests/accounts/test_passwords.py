"""Password rules (等保 level 3): 12 characters of 3 kinds, in Chinese; expiry after
PASSWORD_MAX_AGE_DAYS forces a change at the next login; a change ends other sessions."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import PasswordRecord
from editorial.models import AuditEntry

from .conftest import PASSWORD, make_user, password_login

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-Pass-2027"


def messages_for(password, user=None):
    """The messages a staff member reads (the site's language, zh-hans)."""
    with translation.override("zh-hans"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


def change_password(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post(
        reverse("admin:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_short_and_simple_passwords_are_refused_in_chinese():
    """Under 12 characters, or fewer than 3 kinds of characters: refused, saying why."""
    assert "密码长度太短。密码必须包含至少 12 个字符。" in messages_for("Ab1!x")
    simple = messages_for("kaifaqu-xiehui")  # lower case and a symbol: 2 kinds
    assert simple == ["密码必须包含小写字母、大写字母、数字和符号中的至少 3 类字符。"]
    assert messages_for("Kaifaqu-xiehui") == []
    assert messages_for("kaifaqu2026xh") == [
        "密码必须包含小写字母、大写字母、数字和符号中的至少 3 类字符。"
    ]
    assert messages_for("12345678901234") != []  # digits only: too simple, and numeric


def test_the_password_change_form_explains_the_rules_in_chinese(django_user_model):
    make_user(django_user_model, "editor", group="编辑")
    client = Client()
    password_login(client, "editor")
    page = client.get(reverse("admin:password_change")).content.decode()
    assert "至少 12 个字符" in page and "至少 3 类字符" in page
    refused = change_password(client, new="short1A")
    assert refused.status_code == 200
    assert "密码长度太短" in refused.content.decode()


def test_an_expired_password_must_be_changed_at_the_next_login(django_user_model, settings):
    """With PASSWORD_MAX_AGE_DAYS, an older password leads to the change form and nowhere
    else until it is changed; then everything opens again."""
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(django_user_model, "editor", group="编辑")
    PasswordRecord.objects.create(
        user=user, changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client = Client()
    password_login(client, "editor")
    for url in ("/admin/", reverse("admin:articles_article_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "admin:password_change"
        )
    page = client.get(reverse("admin:password_change")).content.decode()
    assert "您的密码已过期，请设置新密码后继续。" in page
    assert change_password(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(action="password_changed", username="editor").exists()


def test_a_recent_password_and_the_default_setting_do_not_expire(django_user_model, settings):
    user = make_user(django_user_model, "editor", group="编辑")
    PasswordRecord.objects.create(
        user=user, changed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert settings.PASSWORD_MAX_AGE_DAYS == 0  # off by default
    client = Client()
    password_login(client, "editor")
    assert client.get("/admin/").status_code == 200
    settings.PASSWORD_MAX_AGE_DAYS = 500
    client = Client()
    password_login(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_accounts_without_a_record_count_from_joining(django_user_model, settings):
    """Accounts made by createsuperuser (no record yet) age from their creation."""
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(django_user_model, "editor", group="编辑")
    assert not PasswordRecord.objects.filter(user=user).exists()
    django_user_model.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=100)
    )
    client = Client()
    password_login(client, "editor")
    assert client.get("/admin/")["Location"] == reverse("admin:password_change")


def test_a_changed_password_ends_the_users_other_sessions(django_user_model):
    """Changing the password on one computer logs the same account out everywhere else."""
    make_user(django_user_model, "editor", group="编辑")
    office, home = Client(), Client()
    password_login(office, "editor")
    password_login(home, "editor", ip="198.51.100.9")
    assert change_password(office).status_code == 302
    assert office.get("/admin/").status_code == 200
    response = home.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))

"""Staff sessions end after 30 minutes without a request and 12 hours after the login, with
the clock moved (accounts.sessions.now); readers get no session unless they post a form."""

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import sessions
from editorial.models import AuditEntry
from submissions.models import MessageCategory
from tests import factories

from .conftest import make_user, password_login

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 3600


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand: `clock.move(minutes=31)`."""

    class Clock:
        now = 1_800_000_000.0

        def move(self, minutes=0, hours=0):
            self.now += minutes * MINUTE + hours * HOUR

    fake = Clock()
    monkeypatch.setattr(sessions, "now", lambda: fake.now)
    return fake


@pytest.fixture
def editor_client(django_user_model, clock):
    make_user(django_user_model, "editor", group="编辑")
    client = Client()
    assert password_login(client, "editor").status_code == 302
    return client


def is_logged_in(client):
    response = client.get("/admin/")
    return response.status_code == 200


def test_session_ends_after_thirty_idle_minutes(editor_client, clock):
    """No request for 30 minutes: the next one finds the user logged out, told why."""
    clock.move(minutes=29)
    assert is_logged_in(editor_client)
    clock.move(minutes=29)  # 29 minutes after the last request: still in
    assert is_logged_in(editor_client)
    clock.move(minutes=31)
    response = editor_client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "您已 30 分钟未操作，已自动退出登录" in response.content.decode()
    entry = AuditEntry.objects.get(action="session_expired")
    assert entry.username == "editor" and entry.detail == "长时间未操作"
    assert not is_logged_in(editor_client)


def test_session_ends_twelve_hours_after_login_however_busy(editor_client, clock):
    """Activity every 20 minutes does not stretch a session past 12 hours."""
    for _step in range(35):  # 11 h 40 min
        clock.move(minutes=20)
        assert is_logged_in(editor_client)
    clock.move(minutes=21)
    assert not is_logged_in(editor_client)
    assert AuditEntry.objects.get(action="session_expired").detail == "达到会话最长时间"


def test_the_limits_are_settings(editor_client, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * MINUTE
    clock.move(minutes=4)
    assert is_logged_in(editor_client)
    clock.move(minutes=6)
    assert not is_logged_in(editor_client)


def test_asking_for_the_time_left_is_not_activity(editor_client, clock):
    """The idle warning's status request reports the time left without extending it."""
    clock.move(minutes=20)
    state = editor_client.get(reverse("accounts:session")).json()
    assert state == {"authenticated": True, "idle_remaining": 10 * MINUTE, "warning": 120}
    clock.move(minutes=11)
    response = editor_client.get(reverse("accounts:session"), HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 401 and response.json()["expired"] == "idle"


def test_keep_working_extends_the_session(editor_client, clock):
    """The warning's "继续工作" counts as activity."""
    clock.move(minutes=29)
    response = editor_client.post(reverse("accounts:keepalive"))
    assert response.json()["idle_remaining"] == 30 * MINUTE
    clock.move(minutes=29)
    assert is_logged_in(editor_client)


def test_admin_pages_carry_the_idle_warning(editor_client):
    """Every admin page loads the warning's script with the limits and its texts."""
    html = editor_client.get("/admin/").content.decode()
    assert "js/session-timeout.js" in html
    assert 'data-idle="1800"' in html and 'data-warning="120"' in html
    assert "继续工作" in html and "在新标签页中登录" in html


def test_the_session_cookie_lives_no_longer_than_the_session(editor_client):
    cookie = editor_client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 12 * HOUR


def test_readers_get_no_session_unless_they_post_a_form(client):
    """Reading (pages, search, forms, the login page) sets no session cookie and writes no
    session; sending a message does."""
    article = factories.make_article(title="开发区新闻")
    category = MessageCategory.objects.create(name="建议", slug="advice", email="a@example.org")
    for url in (
        "/",
        article.get_absolute_url(),
        article.channel.get_absolute_url(),
        "/search/?q=开发区",
        "/messages/",
        "/messages/new/",
        "/sitemap/",
        reverse("admin:login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert django_settings.SESSION_COOKIE_NAME not in response.cookies, url
    assert Session.objects.count() == 0
    data = {
        "category": str(category.pk),
        "name": "王女士",
        "contact": "13800138000",
        "subject": "关于开发区统计数据公开的建议",
        "content": "希望定期公布各开发区的主要经济指标。",
        "agree_to_publish": "on",
    }
    response = client.post("/messages/new/", data)
    assert response.status_code == 302
    assert django_settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.count() == 1

"""Database or cache outages: a friendly 503, pages that keep serving, limits that fail safe."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.test import Client, override_settings

from config.settings import check_captcha_test_mode
from portal import ratelimit

pytestmark = pytest.mark.django_db

# A Redis that is not there: nothing listens on port 9 of loopback.
DOWN = {
    "default": {
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down():
    with override_settings(CACHES=DOWN):  # Django's test signal swaps the cache handlers
        yield


def test_database_outage_answers_a_friendly_503_without_a_stack_trace(monkeypatch):
    """PostgreSQL restarting: readers get the site's 503 page, never a traceback."""
    from articles import services

    def down():
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(services, "home_context", down)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "网站暂时无法访问" in html
    assert "Traceback" not in html and "Connection refused" not in html


def test_other_errors_stay_500(monkeypatch):
    from articles import services

    monkeypatch.setattr(services, "home_context", lambda: 1 / 0)
    assert Client(raise_request_exception=False).get("/").status_code == 500


def test_pages_keep_serving_while_redis_is_down(client, redis_down):
    """An unreachable cache is an empty cache: the home page renders from the database."""
    assert client.get("/").status_code == 200
    assert client.get("/submit/").status_code == 200


def test_public_forms_ask_everyone_for_the_captcha_while_redis_is_down(client, redis_down):
    """Nothing can be counted: the captcha guards every post instead."""
    assert ratelimit.count("submissions-manuscript", "203.0.113.1", 3600) == ratelimit.UNKNOWN
    assert ratelimit.hit("submissions-manuscript", "203.0.113.1", 10, 3600) is True
    assert 'name="captcha_1"' in client.get("/submit/").content.decode()


def test_lookups_are_refused_while_redis_is_down(client, redis_down):
    """Guessing tracking numbers is what the lookup limit stops: no counting, no lookup."""
    response = client.post("/submit/status/", {"tracking_number": "TG1", "email": "a@b.cn"})
    assert response.status_code == 429


def test_captcha_test_mode_cannot_be_enabled_on_a_public_host():
    """The soak's captcha bypass is refused at start-up unless the site is loopback-only."""
    with pytest.raises(ImproperlyConfigured):
        check_captcha_test_mode(True, ["www.example.org.cn"])
    with pytest.raises(ImproperlyConfigured):
        check_captcha_test_mode(True, ["127.0.0.1", "*"])
    with pytest.raises(ImproperlyConfigured):
        check_captcha_test_mode(True, [])
    check_captcha_test_mode(True, ["127.0.0.1", "localhost"])
    check_captcha_test_mode(False, ["www.example.org.cn"])

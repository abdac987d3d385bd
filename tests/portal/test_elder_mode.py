"""长者模式 without JavaScript: a link sets a cookie, and the server renders the mode from it."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _root_classes(response):
    html = response.content.decode()
    return re.search(r'<html lang="[^"]+" class="([^"]*)"', html).group(1).split()


def test_the_link_sets_the_cookie_and_returns_to_the_page(client, settings):
    """/elder/?on=1 sets `elder=1` for a year and goes back to the page the reader was on."""
    response = client.get("/elder/?on=1", HTTP_REFERER="http://testserver/topics/")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/topics/"
    cookie = response.cookies[settings.ELDER_COOKIE_NAME]
    assert cookie.value == "1"
    assert cookie["max-age"] >= 300 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The browser drops its cached copies (pages are public for a minute), so the page it
    # returns to shows the new mode at once.
    assert response["Clear-Site-Data"] == '"cache"'


def test_the_page_is_rendered_in_elder_mode_from_the_cookie(client, settings):
    """With the cookie every page's root element carries `elder`; without it, none does."""
    assert "elder" not in _root_classes(client.get("/"))
    client.cookies[settings.ELDER_COOKIE_NAME] = "1"
    assert "elder" in _root_classes(client.get("/"))
    assert "elder" in _root_classes(client.get("/no-such-page/"))
    client.cookies[settings.ELDER_COOKIE_NAME] = "yes"
    assert "elder" not in _root_classes(client.get("/"))


def test_switching_off_removes_the_cookie(client, settings):
    """/elder/?on=0 (or anything but 1) expires the cookie."""
    client.cookies[settings.ELDER_COOKIE_NAME] = "1"
    response = client.get("/elder/?on=0")
    assert response.cookies[settings.ELDER_COOKIE_NAME].value == ""
    assert response.cookies[settings.ELDER_COOKIE_NAME]["max-age"] == 0
    assert "elder" not in _root_classes(client.get("/"))


@pytest.mark.parametrize(
    "referer", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", ""]
)
def test_the_return_address_is_never_another_site(client, referer):
    """A foreign or missing Referer sends the reader to the home page, never elsewhere."""
    response = client.get("/elder/?on=1", HTTP_REFERER=referer)
    assert response["Location"] == "/"


def test_both_switches_are_plain_links_that_crawlers_leave_alone(client):
    """The header offers 长者模式 and 退出长者模式 as links (no script needed), nofollow and
    disallowed in robots.txt."""
    html = client.get("/").content.decode()
    assert re.search(r'<a class="elder-on" href="/elder/\?on=1" rel="nofollow">', html)
    assert re.search(r'<a class="elder-off" href="/elder/\?on=0" rel="nofollow">', html)
    assert "Disallow: /elder/" in client.get("/robots.txt").content.decode()


def test_favicon_ico_answers(client):
    """/favicon.ico, which browsers ask for whatever the page says, leads to the icon."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".ico")


def test_the_page_cache_keeps_one_page_per_mode(client, settings):
    """With the page cache on, a standard page cached first is not served to an elder-mode
    reader, nor the other way round (the cookie is part of the key)."""
    settings.PAGE_CACHE_SECONDS = 600
    assert "elder" not in _root_classes(client.get("/"))
    client.cookies[settings.ELDER_COOKIE_NAME] = "1"
    assert "elder" in _root_classes(client.get("/"))
    assert "elder" in _root_classes(client.get("/"))
    del client.cookies[settings.ELDER_COOKIE_NAME]
    assert "elder" not in _root_classes(client.get("/"))


def test_the_front_server_keys_its_cache_on_the_cookie():
    """deploy/nginx.conf caches one page per elder-mode cookie value, as the page cache does."""
    from pathlib import Path

    from django.conf import settings

    conf = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    key = next(line for line in conf.splitlines() if "proxy_cache_key" in line)
    assert f"$cookie_{settings.ELDER_COOKIE_NAME}" in key

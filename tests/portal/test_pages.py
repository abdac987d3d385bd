import pytest

from portal import jscatalog
from tests.soup import parse

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_the_sites_404_page(client):
    """An unknown address answers 404 with the site's own page and chrome."""
    response = client.get("/this/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "页面不存在" in html


def test_healthz_reports_the_database(client):
    """/healthz answers 200, uncached, when the database answers."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    """/healthz answers 503 when the database fails."""
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_robots_txt_keeps_crawlers_out_of_admin_and_points_to_sitemap(client):
    """robots.txt keeps crawlers out of the admin and names the sitemap."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_page_has_skip_link_landmarks_and_labelled_menu_button(client):
    """Pages have a skip link, landmarks and a labelled menu button (which site.js makes a
    disclosure of the menu: tests/browser/test_chrome_browser.py)."""
    response = client.get("/")
    page = parse(response)
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.select_one("main")["id"] == "main" and page.header and page.footer
    assert page.select_one("button.menu-toggle").get_text(strip=True) == "打开菜单"


def test_pages_load_nothing_from_other_hosts(client):
    """Pages load scripts and stylesheets from this site only: static files and the
    JavaScript catalogue."""
    page = parse(client.get("/"))
    assets = [tag["src"] for tag in page.select("script[src]")]
    assets += [tag["href"] for tag in page.select('link[rel="stylesheet"]')]
    assert jscatalog.url() in assets
    for src in assets:
        assert src.startswith("/static/") or src == jscatalog.url(), src

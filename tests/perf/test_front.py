"""The shipped front server for real: Debian's nginx with deploy/nginx.conf before the site."""

import importlib.util
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article
from portal import jscatalog

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx is not installed"),
]


def _deploy_module(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "deploy" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _front_module():
    return _deploy_module("front")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def front(live_server, tmp_path, monkeypatch, page_cache):
    """nginx on a free port, proxying to the test's live server (instead of gunicorn)."""
    page_cache.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "[::1]"]
    port = _free_port()
    monkeypatch.setenv("PORT", str(port))
    monkeypatch.setenv("HOST", "127.0.0.1")
    for sub in ("tmp", "cache"):
        (tmp_path / sub).mkdir()
    upstream = live_server.url.removeprefix("http://")
    config = tmp_path / "nginx.conf"
    config.write_text(_front_module().render(tmp_path, upstream, settings))
    command = ["nginx", "-p", f"{tmp_path}/", "-c", str(config), "-e", str(tmp_path / "err.log")]
    subprocess.run([*command, "-t", "-q"], check=True)
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    base = f"http://127.0.0.1:{port}"
    for _i in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(10)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode(errors="replace")


def test_second_anonymous_request_is_a_front_cache_hit(front, make_article):
    """nginx keeps anonymous pages: the second request does not reach the site."""
    article = make_article(title="前端缓存")
    first, _body = fetch(front + article.get_absolute_url())
    second, body = fetch(front + article.get_absolute_url())
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert "前端缓存" in body


def test_the_javascript_catalogue_is_kept_by_the_front(front):
    """The labels' catalogue that every page loads is answered by nginx from the second
    request on: its address names its content, so it is kept as long as browsers keep it."""
    first, _body = fetch(front + jscatalog.url())
    second, body = fetch(front + jscatalog.url())
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second["Cache-Control"] == "public, max-age=31536000, immutable"
    assert '"Close menu"' in body


def test_an_edit_shows_through_the_front_within_two_seconds(front, make_article):
    """The documented delay: FRONT_CACHE_SECONDS (1 s) plus one stale answer while it updates."""
    article = make_article(title="修改之前")
    url = front + article.get_absolute_url()
    fetch(url)
    assert fetch(url)[0]["X-Cache"] == "HIT"
    article.title = "修改之后"
    article.save()
    edited = time.monotonic()
    while "修改之后" not in fetch(url)[1]:
        assert time.monotonic() - edited < 2.5, "the edit did not show within the documented delay"
        time.sleep(0.1)


def test_a_withdrawal_shows_through_the_front_within_two_seconds(front, make_article):
    """A withdrawn article's cached page is replaced by its 404, within the same delay:
    the front may not keep serving its stale copy while each update brings a 404."""
    article = make_article(title="撤稿之前")
    url = front + article.get_absolute_url()
    fetch(url)
    assert fetch(url)[0]["X-Cache"] == "HIT"
    article.status = Article.Status.WITHDRAWN
    article.save()
    withdrawn = time.monotonic()
    while True:
        try:
            fetch(url)
        except urllib.error.HTTPError as error:
            assert error.code == 404
            break
        assert time.monotonic() - withdrawn < 2.5, "the withdrawn article was still served"
        time.sleep(0.1)
    time.sleep(1.5)
    for _ in range(5):
        with pytest.raises(urllib.error.HTTPError):
            fetch(url)


def test_staff_get_fresh_pages_through_the_front(front, make_article, staff_user, client):
    """A session cookie bypasses nginx's cache and the site's, so staff see changes at once."""
    article = make_article(title="员工之前")
    url = front + article.get_absolute_url()
    fetch(url)
    fetch(url)
    client.force_login(staff_user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    Article.objects.filter(pk=article.pk).update(title="员工之后")  # no signal: caches unaware
    headers, body = fetch(url, cookie=cookie)
    assert headers["X-Cache"] == "BYPASS" and "员工之后" in body
    assert "员工之前" in fetch(url)[1]  # anonymous readers still get the cached copy


def test_posts_are_never_cached_by_the_front(front, make_article):
    """Every POST reaches the site (here: the view-count beacon, each answer from the site,
    which counts the same reader once)."""
    article = make_article()
    url = front + f"/articles/{article.pk}/view/"
    for expected in (1, 1):
        request = urllib.request.Request(url, method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["X-Cache"] in (None, "BYPASS")
            assert f'"views": {expected}' in response.read().decode()


def test_media_download_rules_through_the_front(front):
    """nginx serves public media as the app does: images inline, magazine PDFs inline and
    sandboxed, any other file as a download, all with nosniff."""
    media = Path(settings.MEDIA_ROOT)
    for name, content in (
        ("covers/a.png", b"\x89PNG\r\n\x1a\n"),
        ("magazine/pdf/issue.pdf", b"%PDF-1.4\n%%EOF"),
        ("attachments/page.html", b"<script>alert(1)</script>"),
    ):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    image, _body = fetch(front + "/media/covers/a.png")
    pdf, _body = fetch(front + "/media/magazine/pdf/issue.pdf")
    html, _body = fetch(front + "/media/attachments/page.html")
    assert image["Content-Type"] == "image/png" and "Content-Disposition" not in image
    assert pdf["Content-Disposition"] == "inline" and pdf["Content-Security-Policy"] == "sandbox"
    assert html["Content-Disposition"] == "attachment"
    assert "sandbox" in html["Content-Security-Policy"]
    assert {h["X-Content-Type-Options"] for h in (image, pdf, html)} == {"nosniff"}


def test_the_front_listens_on_ipv6_and_serves_the_site(front, make_article):
    """deploy/nginx.conf listens on [::1] beside 127.0.0.1: a page over IPv6 is the site's."""
    if not _front_module().ipv6_available():
        pytest.skip("this machine has no IPv6")
    article = make_article(title="IPv6 可达")
    port = front.rsplit(":", 1)[1]
    headers, body = fetch(f"http://[::1]:{port}{article.get_absolute_url()}")
    assert "IPv6 可达" in body and headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def collected_static(settings, tmp_path_factory):
    """STATIC_ROOT filled as `make front` fills it, so nginx serves the pages' elements."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


def test_the_ipv6_inspection_indicators_pass_through_the_front(
    collected_static, front, make_article
):
    """deploy/ipv6_check.py, as the government-site IPv6 inspections measure: the home page,
    its elements, second- and third-level links all answer over IPv6 only, and nothing
    is loaded from a bare IPv4 address."""
    if not _front_module().ipv6_available():
        pytest.skip("this machine has no IPv6")
    for number in range(3):
        make_article(title=f"第{number}篇")
    check = _deploy_module("ipv6_check")
    port = front.rsplit(":", 1)[1]
    result, ipv4_only = check.inspect(f"http://[::1]:{port}/", limit=15)
    assert result["home"] == (1, 1)
    for level in ("home elements", "second level", "third level"):
        reachable, checked = result[level]
        assert checked >= 3 and reachable == checked, (level, result)
    assert ipv4_only == []
    # Over IPv4 only, the same checker finds nothing: it really spoke IPv6.
    assert check.inspect(f"http://127.0.0.1:{port}/")[0]["home"] == (0, 1)

"""`make serve` on one machine (DEBUG off, gunicorn, collected static): a complete site."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BASE_DIR = Path(__file__).resolve().parents[2]

CONTENT = """
import io
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.models import Article, Channel
from association.models import MemberAssociation
from portal.models import SiteSettings

def image(name, colour, size=(320, 180), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())

site = SiteSettings.load()
site.logo = image("logo.png", "#c00", (64, 64))
site.wechat_qr = image("qr.png", "#000", (140, 140))
site.wechat_account = "开发区协会"
site.save()
channel = Channel.objects.create(name="资讯中心", slug="news")
article = Article.objects.create(
    title="封面文章", channel=channel, status="published", is_pinned=True,
    cover=image("cover.jpg", "#1f5fa8", (1200, 675), "JPEG"), body="<p>正文</p>",
)
MemberAssociation.objects.create(
    name="江苏省开发区协会", province="jiangsu", logo=image("m.png", "#080", (120, 120))
)
print(article.pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """migrate, collectstatic and gunicorn exactly as `make serve`, with DEBUG=0."""
    root = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="production-mode-browser-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MEDIA_ROOT=str(root / "media"),
        PRIVATE_MEDIA_ROOT=str(root / "private"),
        STATIC_ROOT=str(root / "static"),
    )
    python = sys.executable
    run = {"cwd": BASE_DIR, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([python, "manage.py", "migrate", "--noinput"], **run)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput"], **run)
    article = subprocess.run([python, "manage.py", "shell", "-c", CONTENT], **run).stdout.strip()
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield url, article.splitlines()[-1]
    finally:
        server.terminate()
        server.wait(timeout=10)


LOAD_ALL_IMAGES = """
async () => Promise.all([...document.images].map(img => new Promise(resolve => {
  const probe = new Image();
  probe.onload = () => resolve([img.getAttribute('src'), probe.naturalWidth]);
  probe.onerror = () => resolve([img.getAttribute('src'), 0]);
  probe.src = img.src;
})))
"""


@pytest.mark.parametrize("path", ["/", "/articles/{article}/", "/members/"])
def test_covers_qr_codes_and_logos_load_in_production_mode(
    _playwright_browser, production_site, path
):
    """With DEBUG=0, every image of the page loads (under the content security policy)."""
    url, article = production_site
    context = _playwright_browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        response = page.goto(url + path.format(article=article))
        assert response.status == 200
        results = page.evaluate(LOAD_ALL_IMAGES)
        media = [src for src, _width in results if src.startswith("/media/")]
        if path == "/":
            assert len(media) >= 3, results  # logo, QR code, cover
        assert results and all(width > 0 for _src, width in results), results
        assert not problems, problems
    finally:
        context.close()

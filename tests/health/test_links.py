"""Links in live content, the navigation and the footer: resolved without HTTP; external
links only on request, against a local server here."""

import http.server
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Attachment
from health import checks
from health.external import Checker
from portal.models import Link, LinkGroup, NavItem
from tests import factories

pytestmark = pytest.mark.django_db


def link_result(**kwargs):
    found = checks.check_content(scan_words=False, **kwargs)
    return {result["key"]: result for result in found}


def reported(result):
    return {(item.get("pk"), item["url"], item["problem"]) for item in result["items"]}


def test_broken_links_are_reported_with_the_article_and_the_link(channel):
    """A link to a deleted article, to a withdrawn one and to a missing file is reported with
    the article it is in; a good link and an existing image are not."""
    good = factories.make_article(channel, title="好文章")
    deleted = factories.make_article(channel, title="删掉的文章")
    deleted_pk = deleted.pk
    deleted.delete()
    withdrawn = factories.make_article(channel, title="撤稿的文章", status="withdrawn")
    image = default_storage.save("editor/2026/12/photo.png", ContentFile(factories.png_bytes()))
    body = (
        f'<p><a href="/articles/{good.pk}/">好链接</a>'
        f'<a href="/articles/{deleted_pk}/">已删除</a>'
        f'<a href="/articles/{withdrawn.pk}/">已撤稿</a>'
        '<a href="/media/attachments/2026/12/gone.pdf">附件</a>'
        '<a href="/no/such/page/">不存在</a></p>'
        f'<img src="/media/{image}" alt="园区全景">'
    )
    article = factories.make_article(channel, title="有链接的文章", body=body)
    result = link_result()["links"]
    assert reported(result) == {
        (article.pk, f"/articles/{deleted_pk}/", "not_found"),
        (article.pk, f"/articles/{withdrawn.pk}/", "not_public"),
        (article.pk, "/media/attachments/2026/12/gone.pdf", "file_missing"),
        (article.pk, "/no/such/page/", "not_found"),
    }
    assert {item["title"] for item in result["items"]} == {"有链接的文章"}


def test_a_missing_attachment_is_reported(channel):
    """An attachment of a live article whose file is gone from storage is reported."""
    article = factories.make_article(channel, title="带附件的文章")
    Attachment.objects.create(article=article, title="申请表", file="attachments/missing.docx")
    kept = Attachment(article=article, title="通知")
    kept.file.save("notice.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    result = link_result()["links"]
    assert reported(result) == {(article.pk, "attachments/missing.docx", "file_missing")}
    assert result["items"][0]["label"] == "申请表"


def test_drafts_are_not_checked_and_channel_tag_and_page_links_resolve(channel):
    """Only live content is read; links to a channel, a tag and a known old address pass,
    an unknown channel does not."""
    factories.make_article(channel, status="draft", body='<a href="/gone/">x</a>')
    factories.make_article(channel, tags=["营商环境"])
    body = (
        '<a href="/channels/news/">栏目</a><a href="/channels/nothing/">无栏目</a>'
        '<a href="/tags/营商环境/">标签</a><a href="/search/?q=GDP">搜索</a>'
        '<a href="#top">页内</a><a href="mailto:a@example.org">邮件</a>'
    )
    article = factories.make_article(channel, body=body)
    assert reported(link_result()["links"]) == {(article.pk, "/channels/nothing/", "not_found")}


def test_navigation_and_footer_links_are_checked(channel, settings):
    """A navigation entry to a missing address and a footer link to one of the site's own
    pages that is gone are reported; http: to the site itself asks for https:."""
    settings.SITE_DOMAIN = "www.example.org"
    NavItem.objects.create(title="旧栏目", url="/old-section/", order=1)
    NavItem.objects.create(title="资讯", url="/channels/news/", order=2)
    group = LinkGroup.objects.create(name="本站", slug="site")
    Link.objects.create(group=group, name="旧页面", url="https://www.example.org/about/gone/")
    Link.objects.create(group=group, name="明文链接", url="http://www.example.org/channels/news/")
    result = link_result()["links"]
    found = {(item["title"], item["problem"]) for item in result["items"]}
    assert found == {("旧栏目", "not_found"), ("旧页面", "not_found"), ("明文链接", "link_http")}


def test_the_check_costs_the_same_queries_for_5_and_50_articles(channel):
    """Resolving costs one query per kind of address, not one per link or article."""

    def fill(count):
        for _n in range(count):
            target = factories.make_article(channel)
            body = f'<a href="/articles/{target.pk}/">a</a><a href="/channels/news/">c</a>'
            factories.make_article(channel, body=body)

    fill(5)
    link_result()  # the channel tree and content types, cached from here on
    with CaptureQueriesContext(connection) as few:
        link_result()
    fill(45)
    link_result()  # the new articles started a new content generation: warm again
    with CaptureQueriesContext(connection) as many:
        link_result()
    assert Article.objects.count() > 100
    assert len(many) == len(few)


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        status = 404 if self.path.startswith("/missing") else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_links_answering_404_or_too_late_are_reported(channel, local_server):
    """With --external: a 404 and a timeout are reported with the article; 200 is not."""
    body = (
        f'<a href="{local_server}/ok">好</a><a href="{local_server}/missing">坏</a>'
        f'<a href="{local_server}/slow">慢</a>'
    )
    article = factories.make_article(channel, title="外链文章", body=body)
    checker = Checker(timeout=0.5, per_host=2, workers=4, skip_private=False)
    result = link_result(external=True, checker=checker)["external"]
    found = {(item["url"], item["status"], item["error"]) for item in result["items"]}
    assert found == {
        (f"{local_server}/missing", 404, ""),
        (f"{local_server}/slow", None, "timeout"),
    }
    assert all(item["sources"][0]["pk"] == article.pk for item in result["items"])
    assert result["checked"] == 3


def test_external_links_are_not_fetched_without_the_option(channel, local_server):
    """Without --external nothing goes over the network and no external result is made."""
    factories.make_article(channel, body=f'<a href="{local_server}/missing">坏</a>')
    assert "external" not in link_result()


def test_private_addresses_are_not_probed(channel, local_server):
    """An address in a private network (here loopback) is skipped, not requested."""
    checker = Checker(timeout=0.5, skip_private=True)
    outcome = checker.check([f"{local_server}/missing"])[f"{local_server}/missing"]
    assert outcome.error == "private" and outcome.status is None and not outcome.broken


def test_per_host_limit_holds(local_server):
    """No more requests than the per-host limit run against one host at the same time."""
    running, most = [0], [0]
    lock = threading.Lock()
    checker = Checker(timeout=5, per_host=2, workers=8, skip_private=False)
    original = checker._request

    def counting(url, method):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.05)
            return original(url, method)
        finally:
            with lock:
                running[0] -= 1

    checker._request = counting
    outcomes = checker.check([f"{local_server}/ok?{n}" for n in range(8)])
    assert all(outcome.status == 200 for outcome in outcomes.values())
    assert most[0] == 2

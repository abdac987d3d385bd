"""Every association page is well-formed HTML, with real content in it."""

import pytest
from django.core.files.base import ContentFile

from association.models import Page, PageAttachment, TocEntry
from tests.factories import make_article, png_bytes
from tests.htmlcheck import html_errors

from .factories import make_industry, make_issue, make_member, make_zone

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def furnished(channel):
    """One of each page type, with the optional parts filled in (logo, cover, PDF, news)."""
    article = make_article(channel, title="园区新闻")
    root = Page.objects.create(title="中国开发区协会", slug="about", body="<p>概况</p>")
    charter = Page.objects.create(
        title="协会章程", slug="charter", parent=root, body="<table><tr><td>一</td></tr></table>"
    )
    Page.objects.create(title="联系我们", slug="contact", parent=root, summary="地址与电话")
    PageAttachment.objects.create(page=charter, title="章程全文", file=ContentFile(PDF, "c.pdf"))
    member = make_member(name="江苏省开发区协会", website="https://js.example.org/")
    member.logo.save("logo.png", ContentFile(png_bytes()))
    member.articles.add(article)
    zone = make_zone(
        name="苏州工业园区", short_name="苏州园区", industries=[make_industry("集成电路", "ic")]
    )
    zone.logo.save("logo.png", ContentFile(png_bytes()))
    zone.articles.add(article)
    older = make_issue(2026, 10, total_number=299)
    issue = make_issue(2026, 11, total_number=300, theme="营商环境")
    issue.cover.save("cover.png", ContentFile(png_bytes()))
    issue.pdf.save("issue.pdf", ContentFile(PDF))
    TocEntry.objects.create(issue=issue, section="特别策划", title="第一篇", article=article)
    TocEntry.objects.create(issue=issue, section="特别策划", title="第二篇", page=8)
    return {
        "page": "/about/charter/",
        "top page": "/about/about/",
        "members": "/members/",
        "members filtered": "/members/?province=jiangsu",
        "member": member.get_absolute_url(),
        "zones": "/zones/",
        "zones filtered": "/zones/?region=east&industry=ic&q=苏州",
        "zones empty": "/zones/?q=没有这个园区",
        "zones several values": "/zones/?province=jiangsu&province=zhejiang&industry=ic",
        "zone": zone.get_absolute_url(),
        "magazine": "/magazine/",
        "magazine year": "/magazine/?year=2026",
        "issue": issue.get_absolute_url(),
        "older issue": older.get_absolute_url(),
        "article": article.get_absolute_url(),
        "home": "/",
    }


def test_association_pages_are_well_formed_html(client, furnished):
    """Unclosed or mismatched elements, duplicate ids or images without alt break pages."""
    for name, url in furnished.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert html_errors(response.content.decode()) == [], name

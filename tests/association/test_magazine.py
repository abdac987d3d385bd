import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.models import TocEntry

from .factories import make_article, make_issue, make_member, make_zone, png_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def issues():
    return {
        "old": make_issue(2025, 12, total_number=289),
        "mid": make_issue(2026, 1, total_number=290),
        "latest": make_issue(2026, 11, total_number=300, theme="聚焦营商环境"),
        "draft": make_issue(2026, 12, total_number=301, published=False),
        "future": make_issue(
            2027, 1, total_number=302, publish_date=timezone.localdate() + datetime.timedelta(30)
        ),
    }


def test_magazine_lists_published_issues_newest_first_by_year(client, issues):
    html = client.get("/magazine/").content.decode()
    assert html.index("2026年第11期") < html.index("2026年第1期") < html.index("2025年第12期")
    assert html.index('id="year-2026"') < html.index('id="year-2025"')
    assert "总第300期" in html
    assert "2026年第12期" not in html and "2027年第1期" not in html


def test_magazine_year_filter(client, issues):
    html = client.get("/magazine/?year=2025").content.decode()
    assert "2025年第12期" in html and 'id="year-2026"' not in html


def test_unpublished_and_future_issues_answer_404(client, issues):
    for key in ("draft", "future"):
        assert client.get(issues[key].get_absolute_url()).status_code == 404
        assert client.get(issues[key].get_pdf_url()).status_code == 404


def test_staff_can_preview_an_unpublished_issue(admin_client, issues):
    response = admin_client.get(issues["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_issue_page_shows_the_ordered_table_of_contents(client, issues, channel):
    issue = issues["latest"]
    public = make_article(channel, title="网站上的文章")
    draft = make_article(channel, title="草稿", status="draft")
    TocEntry.objects.create(issue=issue, section="数据", title="第三篇", page=30, order=3)
    TocEntry.objects.create(
        issue=issue, section="特别策划", title="第一篇", author="本刊记者", order=1, article=public
    )
    TocEntry.objects.create(issue=issue, section="特别策划", title="第二篇", order=2, article=draft)
    html = client.get(issue.get_absolute_url()).content.decode()
    assert html.index("第一篇") < html.index("第二篇") < html.index("第三篇")
    assert f'<a href="/articles/{public.pk}/">第一篇</a>' in html
    assert f"/articles/{draft.pk}/" not in html
    assert "本刊记者" in html and "聚焦营商环境" in html and "总第300期" in html
    assert html.count("<h3>特别策划</h3>") == 1


def test_issue_pdf_is_served_inline_and_may_be_framed_by_the_site(client, issues):
    issue = issues["latest"]
    issue.pdf.save("issue.pdf", ContentFile(PDF))
    response = client.get(issue.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == PDF
    download = client.get(issue.get_pdf_url() + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(issue.get_absolute_url())["X-Frame-Options"] == "DENY"


def test_home_shows_the_latest_published_issue_with_its_cover(issues, client):
    issues["latest"].cover.save("cover.png", ContentFile(png_bytes()))
    html = Template('{% load portal_tags %}{% slot "home" %}').render(Context())
    assert "2026年第11期" in html and "总第300期" in html
    assert issues["latest"].cover.url in html and 'loading="lazy"' in html
    assert "2026年第12期" not in html


def test_home_block_costs_a_constant_number_of_queries(issues):
    template = Template('{% load portal_tags %}{% slot "home" %}')
    with CaptureQueriesContext(connection) as few:
        template.render(Context())
    for index in range(10):
        make_member(name=f"协会{index}")
    with CaptureQueriesContext(connection) as many:
        template.render(Context())
    assert len(many) == len(few) <= 2


def test_article_block_names_the_issue_and_the_linked_zones(issues, channel):
    article = make_article(channel)
    TocEntry.objects.create(issue=issues["latest"], title="一篇", article=article)
    TocEntry.objects.create(issue=issues["draft"], title="未发行", article=article)
    zone = make_zone(name="苏州工业园区")
    hidden_zone = make_zone(name="已撤销园区", active=False)
    member = make_member(name="江苏省开发区协会")
    zone.articles.add(article)
    hidden_zone.articles.add(article)
    member.articles.add(article)
    html = Template('{% load portal_tags %}{% slot "article" article=article %}').render(
        Context({"article": article})
    )
    assert "本文刊于《中国开发区》2026年第11期" in html
    assert issues["latest"].get_absolute_url() in html
    assert "2026年第12期" not in html
    assert "苏州工业园区" in html and "江苏省开发区协会" in html
    assert "已撤销园区" not in html


def test_article_block_is_empty_for_an_unlinked_article(channel):
    article = make_article(channel)
    html = Template('{% load portal_tags %}{% slot "article" article=article %}').render(
        Context({"article": article})
    )
    assert html.strip() == ""


def test_article_block_query_count_is_constant(issues, channel):
    article = make_article(channel)
    template = Template('{% load portal_tags %}{% slot "article" article=article %}')
    with CaptureQueriesContext(connection) as few:
        template.render(Context({"article": article}))
    for index in range(8):
        make_zone(name=f"园区{index}").articles.add(article)
        make_member(name=f"协会{index}").articles.add(article)
    TocEntry.objects.create(issue=issues["latest"], title="一篇", article=article)
    with CaptureQueriesContext(connection) as many:
        template.render(Context({"article": article}))
    assert len(many) == len(few) == 3


def test_article_page_links_back_to_its_issue_and_zones(client, issues, channel):
    """The real article page carries the association block, with links to public things only."""
    article = make_article(channel, title="开发区高质量发展综述")
    TocEntry.objects.create(issue=issues["latest"], title="综述", article=article)
    make_zone(name="苏州工业园区").articles.add(article)
    make_member(name="停用协会", active=False).articles.add(article)
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index('class="article-association"') :]
    block = block[: block.index("</aside>")]
    assert f'href="{issues["latest"].get_absolute_url()}"' in block
    assert "本文刊于《中国开发区》2026年第11期" in block
    assert "苏州工业园区" in block and "停用协会" not in block


def test_home_page_shows_the_latest_published_issue(client, issues):
    html = client.get("/").content.decode()
    block = html[html.index('class="home-association"') :]
    assert f'href="{issues["latest"].get_absolute_url()}"' in block
    assert "2026年第11期" in block and "2026年第12期" not in block


def test_issue_page_offers_reading_and_downloading_the_pdf(client, issues):
    issue = issues["latest"]
    assert "issue-pdf" not in client.get(issue.get_absolute_url()).content.decode()
    issue.pdf.save("issue.pdf", ContentFile(PDF))
    html = client.get(issue.get_absolute_url()).content.decode()
    assert f'<object class="issue-pdf" data="{issue.get_pdf_url()}" type="application/pdf"' in html
    assert f'href="{issue.get_pdf_url()}?download=1"' in html
    inline = client.get(issue.get_pdf_url())
    assert inline["Content-Disposition"].startswith("inline")

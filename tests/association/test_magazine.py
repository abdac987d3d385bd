import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.models import TocEntry
from tests.factories import make_article, png_bytes
from tests.soup import parse, select, text

from .factories import make_issue, make_member, make_zone

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


@pytest.mark.usefixtures("issues")
def test_magazine_lists_published_issues_newest_first_by_year(client):
    """The magazine lists published issues by year, newest first; future ones are absent."""
    html = client.get("/magazine/").content.decode()
    assert html.index("2026年第11期") < html.index("2026年第1期") < html.index("2025年第12期")
    assert html.index('id="year-2026"') < html.index('id="year-2025"')
    assert "总第300期" in html
    assert "2026年第12期" not in html and "2027年第1期" not in html


@pytest.mark.usefixtures("issues")
def test_magazine_year_filter(client):
    """The year filter shows that year's issues only."""
    html = client.get("/magazine/?year=2025").content.decode()
    assert "2025年第12期" in html and 'id="year-2026"' not in html


def test_unpublished_and_future_issues_answer_404(client, issues):
    """Unpublished and future issues and their PDFs answer 404."""
    for key in ("draft", "future"):
        assert client.get(issues[key].get_absolute_url()).status_code == 404
        assert client.get(issues[key].get_pdf_url()).status_code == 404


def test_staff_can_preview_an_unpublished_issue(admin_client, issues):
    """Staff may preview an unpublished issue, never cached."""
    response = admin_client.get(issues["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_issue_page_shows_the_ordered_table_of_contents(client, issues, channel):
    """An issue lists its contents in order by section, linking published articles only."""
    issue = issues["latest"]
    public = make_article(channel, title="网站上的文章")
    draft = make_article(channel, title="草稿", status="draft")
    TocEntry.objects.create(issue=issue, section="数据", title="第三篇", page=30, order=3)
    TocEntry.objects.create(
        issue=issue, section="特别策划", title="第一篇", author="本刊记者", order=1, article=public
    )
    TocEntry.objects.create(issue=issue, section="特别策划", title="第二篇", order=2, article=draft)
    response = client.get(issue.get_absolute_url())
    html = response.content.decode()
    assert html.index("第一篇") < html.index("第二篇") < html.index("第三篇")
    assert [(a["href"], text(a)) for a in select(response, 'a[href^="/articles/"]')] == [
        (f"/articles/{public.pk}/", "第一篇")
    ]
    assert "本刊记者" in html and "聚焦营商环境" in html and "总第300期" in html
    assert [text(h3) for h3 in select(response, "h3")].count("特别策划") == 1


def test_issue_pdf_is_served_inline_and_may_be_framed_by_the_site(client, issues):
    """An issue's PDF opens inline, may be framed by the site, and downloads on request."""
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


def test_home_shows_the_latest_published_issue_with_its_cover(issues):
    """The home slot shows the latest published issue with its lazily loaded cover."""
    issues["latest"].cover.save("cover.png", ContentFile(png_bytes()))
    html = Template('{% load portal_tags %}{% slot "home" %}').render(Context())
    assert "2026年第11期" in html and "总第300期" in html
    assert issues["latest"].cover.url in html and 'loading="lazy"' in html
    assert "2026年第12期" not in html


@pytest.mark.usefixtures("issues")
def test_home_block_costs_a_constant_number_of_queries():
    """The association's home block costs at most two queries of its own (the issue, the
    members), whatever the member count, plus the next issue date that the shared schedule
    it is kept under asks once per content generation."""
    template = Template('{% load portal_tags %}{% slot "home" %}')
    with CaptureQueriesContext(connection) as few:
        template.render(Context())
    for index in range(10):
        make_member(name=f"协会{index}")
    with CaptureQueriesContext(connection) as many:
        template.render(Context())
    own = [q for q in many if '"association_' in q["sql"]]
    assert len(many) == len(few) and len(own) <= 3


def test_article_block_names_the_issue_and_the_linked_zones(issues, channel):
    """An article names the published issue it appeared in and its active zones and members."""
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
    """An article linked to nothing gets no association block."""
    article = make_article(channel)
    html = Template('{% load portal_tags %}{% slot "article" article=article %}').render(
        Context({"article": article})
    )
    assert html.strip() == ""


def test_article_block_query_count_is_constant(issues, channel):
    """An article nothing links to costs no query once the site knows which articles have
    links (one set for all pages); a linked one costs one, whatever it links to."""
    article = make_article(channel)
    template = Template('{% load portal_tags %}{% slot "article" article=article %}')

    def queries():
        template.render(Context({"article": article}))  # renews the set after a change
        with CaptureQueriesContext(connection) as captured:
            template.render(Context({"article": article}))
        # Outside a request the shared generation is read on each use: not counted here.
        return len([q for q in captured if "portal_generation" not in q["sql"]])

    unlinked = queries()
    make_zone(name="园区").articles.add(article)
    few = queries()
    for index in range(8):
        make_zone(name=f"园区{index}").articles.add(article)
        make_member(name=f"协会{index}").articles.add(article)
    TocEntry.objects.create(issue=issues["latest"], title="一篇", article=article)
    many = queries()
    assert unlinked == 0
    assert few == many == 1  # one UNION ALL of issue, zones and members


def test_a_new_link_shows_on_the_article_page_at_once(client, issues, channel):
    """Linking an article to a zone or an issue shows on its next request."""
    article = make_article(channel)
    assert not select(client.get(article.get_absolute_url()), ".article-association")
    make_zone(name="苏州工业园区").articles.add(article)
    block = select(client.get(article.get_absolute_url()), ".article-association")[0]
    assert "苏州工业园区" in text(block)
    TocEntry.objects.create(issue=issues["latest"], title="综述", article=article)
    block = select(client.get(article.get_absolute_url()), ".article-association")[0]
    assert "本文刊于《中国开发区》2026年第11期" in text(block)


def test_article_page_links_back_to_its_issue_and_zones(client, issues, channel):
    """The real article page carries the association block, with links to public things only."""
    article = make_article(channel, title="开发区高质量发展综述")
    TocEntry.objects.create(issue=issues["latest"], title="综述", article=article)
    make_zone(name="苏州工业园区").articles.add(article)
    make_member(name="停用协会", active=False).articles.add(article)
    block = select(client.get(article.get_absolute_url()), ".article-association")[0]
    assert issues["latest"].get_absolute_url() in [link["href"] for link in block.select("a")]
    assert "本文刊于《中国开发区》2026年第11期" in text(block)
    assert "苏州工业园区" in text(block) and "停用协会" not in text(block)


def test_home_page_shows_the_latest_published_issue(client, issues):
    """The home page links the latest published issue."""
    block = select(client.get("/"), ".home-association")[0]
    assert issues["latest"].get_absolute_url() in [link["href"] for link in block.select("a")]
    assert "2026年第11期" in text(block) and "2026年第12期" not in text(block)


def test_home_page_shows_a_newly_published_issue_at_once(client, issues):
    """The home block is kept per content generation: publishing the next issue shows it
    on the next request, and a warm home page asks nothing for the block."""
    client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    assert not [q for q in warm if "association_issue" in q["sql"]]
    issues["draft"].published = True
    issues["draft"].save()
    block = select(client.get("/"), ".home-association")[0]
    assert "2026年第12期" in text(block)


def test_issue_page_offers_reading_and_downloading_the_pdf(client, issues):
    """An issue with a PDF embeds it and offers a download; one without shows neither."""
    issue = issues["latest"]
    assert "issue-pdf" not in client.get(issue.get_absolute_url()).content.decode()
    issue.pdf.save("issue.pdf", ContentFile(PDF))
    page = parse(client.get(issue.get_absolute_url()))
    # An iframe: the content security policy allows no <object> (object-src 'none').
    embedded = page.select_one("iframe.issue-pdf")
    assert embedded["src"] == issue.get_pdf_url()
    assert f"{issue.get_pdf_url()}?download=1" in [link["href"] for link in page.select("a")]
    inline = client.get(issue.get_pdf_url())
    assert inline["Content-Disposition"].startswith("inline")

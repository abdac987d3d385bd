"""The sitemap index, its paged sections, and the old addresses editors map in the admin."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.redirects.models import Redirect
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Channel, Topic
from articles.sitemaps import ArticleSitemap
from association.models import Page
from tests.association.factories import make_issue, make_member, make_zone

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def index_entries(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [
        (entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS))
        for entry in root.findall("s:sitemap", NS)
    ]


def page_locs(client, url):
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", NS)
    assert all(url.find("s:lastmod", NS) is not None for url in urls)
    return [url.findtext("s:loc", namespaces=NS) for url in urls]


@pytest.fixture
def content(db):
    news = Channel.objects.create(name="资讯中心", slug="news")
    topic = Topic.objects.create(title="不忘初心迎“七一”", slug="july")
    now = timezone.now()
    articles = []
    for n in range(5):
        article = Article.objects.create(
            title=f"文章{n}",
            channel=news,
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(hours=n + 1),
        )
        article.topics.add(topic)
        articles.append(article)
    draft = Article.objects.create(title="草稿", channel=news, status=Article.Status.DRAFT)
    page = Page.objects.create(title="协会简介", slug="introduction")
    hidden_page = Page.objects.create(title="未发布", slug="hidden", active=False)
    return {
        "articles": articles,
        "draft": draft,
        "page": page,
        "hidden_page": hidden_page,
        "member": make_member(),
        "zone": make_zone(),
        "issue": make_issue(),
        "upcoming": make_issue(2026, 12, published=False),
    }


def test_sitemap_is_an_index_of_every_section_with_lastmod(client, content):
    """/sitemap.xml lists articles, channels, topics, pages, members, zones and issues."""
    entries = index_entries(client)
    sections = {loc.rsplit("/", 1)[1] for loc, _lastmod in entries}
    assert sections == {
        f"sitemap-{name}.xml"
        for name in ("articles", "channels", "topics", "pages", "members", "zones", "magazine")
    }
    assert all(lastmod for _loc, lastmod in entries)


def test_sections_list_what_readers_may_see(client, content):
    """Each section holds the public items, with lastmod, and nothing hidden."""
    locs = []
    for loc, _lastmod in index_entries(client):
        locs += page_locs(client, loc)
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in locs}
    expected = [
        *(a.get_absolute_url() for a in content["articles"]),
        content["page"].get_absolute_url(),
        content["member"].get_absolute_url(),
        content["zone"].get_absolute_url(),
        content["issue"].get_absolute_url(),
        "/channels/news/",
        "/topics/july/",
    ]
    assert {url.lstrip("/") for url in expected} <= paths
    for hidden in ("draft", "hidden_page", "upcoming"):
        assert content[hidden].get_absolute_url().lstrip("/") not in paths


def test_sections_are_paged_past_the_page_size(client, content, monkeypatch):
    """With more URLs than a page holds, the index lists every page and no article is lost."""
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    pages = [loc for loc, _lastmod in index_entries(client) if "sitemap-articles.xml" in loc]
    assert len(pages) == 3
    assert pages[1].endswith("sitemap-articles.xml?p=2")
    locs = [loc for page in pages for loc in page_locs(client, page)]
    assert len(locs) == len(set(locs)) == 5
    assert locs[0].endswith(content["articles"][0].get_absolute_url())


def test_sitemap_urls_use_the_site_domain(client, content, settings):
    """Sitemap addresses carry SITE_DOMAIN (django.contrib.sites), not whatever Host was sent."""
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=settings.SITE_ID).update(domain="www.example.org")
    Site.objects.clear_cache()
    assert all(loc.startswith("http://www.example.org/") for loc, _ in index_entries(client))


def test_editor_mapped_old_path_answers_301(client, settings):
    """An old address mapped in the admin (Redirects) answers 301 to its new path."""
    Redirect.objects.create(
        site_id=settings.SITE_ID,
        old_path="/index.php/News/index/cid/12.html",
        new_path="/channels/notices/",
    )
    response = client.get("/index.php/News/index/cid/12.html")
    assert response.status_code == 301
    assert response["Location"] == "/channels/notices/"
    assert client.get("/index.php/News/index/cid/13.html").status_code == 404


def test_old_zone_database_address_redirects_to_the_directory(client):
    """/index.php/Develop/index.html → 301 to the zone directory, query string dropped."""
    response = client.get("/index.php/Develop/index.html?page=3&province=11")
    assert response.status_code == 301
    assert response["Location"] == reverse("association:zones")


def test_editors_may_map_old_addresses_in_the_admin(client, django_user_model):
    """The 编辑 group can add a redirect (old path → new path) in the admin."""
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    response = client.post(
        reverse("admin:redirects_redirect_add"),
        {"site": 1, "old_path": "/index.php/About/index.html", "new_path": "/about/about/"},
    )
    assert response.status_code == 302
    assert client.get("/index.php/About/index.html").status_code == 301

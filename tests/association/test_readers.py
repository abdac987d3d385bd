"""Findability of the directories, and a zone directory crawlers cannot walk forever."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from articles.models import Channel, Topic
from association.models import Page
from tests.factories import make_article

from .factories import make_issue, make_member, make_zone

pytestmark = pytest.mark.django_db


def _robots_rules(client):
    text = client.get("/robots.txt").content.decode()
    return [
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Disallow:")
    ]


def _disallowed(rules, url):
    """robots.txt matching as search engines do it: a prefix, `*` for any characters."""
    return any(re.match(".*".join(map(re.escape, rule.split("*"))), url) for rule in rules)


def _facet_links(html):
    found = re.findall(r'<a id="facet-[^"]+" href="([^"]*)"[^>]*?( rel="nofollow")?>', html)
    return [(unescape(href), rel) for href, rel in found]


@pytest.fixture
def zones(db):
    return [
        make_zone(province="jiangsu", level="national"),
        make_zone(province="zhejiang", level="provincial"),
        make_zone(province="anhui", level="national"),
    ]


def test_facet_links_that_combine_values_are_nofollow(client, zones):
    """From one selected value, a link adding a second is nofollow; a link to one value is not."""
    html = client.get("/zones/?province=jiangsu").content.decode()
    links = dict(_facet_links(html))
    assert links["?"] == ""  # un-ticking the only value: the plain directory
    assert links["?province=jiangsu&province=zhejiang"] == ' rel="nofollow"'
    assert links["?province=jiangsu&level=national"] == ' rel="nofollow"'
    plain = dict(_facet_links(client.get("/zones/").content.decode()))
    assert set(plain.values()) == {""}


def test_multi_value_zone_pages_are_noindex_with_a_canonical_single_facet_page(client, zones):
    """Several facet values: noindex,follow and a canonical link to the first value's page."""
    html = client.get("/zones/?level=national&province=jiangsu&province=anhui").content.decode()
    assert '<meta name="robots" content="noindex,follow">' in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical.endswith("/zones/?province=jiangsu")
    single = client.get("/zones/?province=jiangsu").content.decode()
    assert "noindex" not in single


def test_robots_txt_keeps_crawlers_off_facet_combinations_only(client, zones):
    """robots.txt disallows every two-value combination, in any order, and nothing less."""
    rules = _robots_rules(client)
    for url in (
        "/zones/?province=jiangsu&province=anhui",
        "/zones/?province=jiangsu&level=national",
        "/zones/?q=&level=national&region=east",
        "/zones/?industry=ai&type=etdz&page=2",
    ):
        assert _disallowed(rules, url), url
    for url in ("/zones/", "/zones/?province=jiangsu", "/zones/?level=national&page=3"):
        assert not _disallowed(rules, url), url
    assert not _disallowed(rules, "/zones/12/")


def test_zone_filter_form_has_a_real_action(client, zones):
    """The filter form posts back to the directory: an empty action is invalid HTML."""
    html = client.get("/zones/?province=jiangsu").content.decode()
    form = re.search(r'<form id="zone-filters"[^>]*>', html).group(0)
    assert 'action="/zones/"' in form


def test_zone_channel_pages_link_to_the_directory(client, db):
    """中国开发区 and its sub-channels lead to the zone directory; other channels do not."""
    zones_channel = Channel.objects.create(name="中国开发区", slug="zones-news")
    Channel.objects.create(name="高新区", slug="hi-tech", parent=zones_channel)
    Channel.objects.create(name="通知公告", slug="notices")
    for slug in ("zones-news", "hi-tech"):
        html = client.get(f"/channels/{slug}/").content.decode()
        assert 'class="button" href="/zones/"' in html, slug
    assert (
        'href="/zones/"'
        not in client.get("/channels/notices/")
        .content.decode()
        .split("<main")[1]
        .split("</main>")[0]
    )


def test_site_map_lists_channels_topics_pages_and_directories(client, channel):
    """网站地图 reaches every channel, topic, association page and directory, from the footer."""
    sub = Channel.objects.create(name="华东地区", slug="east", parent=channel)
    topic = Topic.objects.create(title="绿色低碳", slug="green")
    about = Page.objects.create(title="协会简介", slug="about")
    child = Page.objects.create(title="协会章程", slug="charter", parent=about)
    make_article(channel)
    make_zone()
    make_member()
    make_issue()
    html = client.get("/sitemap/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    hrefs = set(re.findall(r'href="([^"]+)"', main))
    assert {
        channel.get_absolute_url(),
        sub.get_absolute_url(),
        topic.get_absolute_url(),
        about.get_absolute_url(),
        child.get_absolute_url(),
        "/zones/",
        "/members/",
        "/magazine/",
        "/topics/",
        "/messages/",
        "/messages/new/",
        "/submit/",
    } <= hrefs
    footer = client.get("/").content.decode().split("<footer")[1]
    assert 'href="/sitemap/"' in footer


def test_footer_reaches_the_sections_no_menu_links_to(client, db):
    """The footer links to notices, topics, zones, members and selected messages."""
    footer = client.get("/").content.decode().split("<footer")[1]
    paths = {urlsplit(href).path for href in re.findall(r'href="([^"]+)"', footer)}
    assert {"/channels/notices/", "/topics/", "/zones/", "/members/", "/messages/"} <= paths

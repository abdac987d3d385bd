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


def test_facet_values_link_to_their_own_page_only(client, zones):
    """A value's link leads to that value alone, whatever is selected; the form combines."""
    html = client.get("/zones/?province=jiangsu").content.decode()
    links = dict(_facet_links(html))
    assert "?province=zhejiang" in links and "?level=national" in links
    assert not any("&" in href for href in links)
    # 全部 of the only selected facet is a link (to the plain directory) ...
    assert 'href="?"' in html
    # ... but on a combination, clearing one facet leaves a combination: a form button.
    combined = client.get("/zones/?province=jiangsu&province=anhui&level=national").content.decode()
    assert '<button type="submit" form="zone-filters" name="clear" value="level"' in combined
    assert 'name="remove" value="province:jiangsu"' in combined


def test_the_form_buttons_remove_and_clear_values(client, zones):
    """remove=<facet>:<value> and clear=<facet>, sent by the form's buttons, narrow it down."""
    response = client.get(
        "/zones/?province=jiangsu&province=anhui&level=national&remove=province:anhui"
    )
    assert [chip.label for chip in response.context["chips"]] == ["江苏省", "国家级"]
    response = client.get("/zones/?province=jiangsu&province=anhui&level=national&clear=province")
    assert [chip.label for chip in response.context["chips"]] == ["国家级"]
    assert response.context["page_obj"].paginator.count == 2


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


FACET_NAMES = {"region", "province", "level", "type", "industry"}


def _links(html, base_path):
    """Every same-site link of a page, as a normalised path?query (no empty query)."""
    from urllib.parse import urljoin

    found = set()
    for href in re.findall(r'<a [^>]*?href="([^"#]*)', html):
        url = urljoin("http://testserver" + base_path, unescape(href))
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            continue
        found.add(parts.path + ("?" + parts.query if parts.query else ""))
    return found


def _facet_values(url):
    from urllib.parse import parse_qsl

    return [name for name, _value in parse_qsl(urlsplit(url).query) if name in FACET_NAMES]


def test_a_crawler_following_every_link_finishes_with_a_bounded_directory(client, db):
    """From / and /zones/, following every link (nofollow and robots.txt ignored) reaches no
    combination of facet values, and finishes: the plain directory, each value's own pages
    and the zones, nothing more."""
    from math import ceil

    from association.models import Zone
    from association.views import ZONES_PER_PAGE

    from .factories import make_industry

    industries = [make_industry("人工智能", "ai"), make_industry("新材料", "materials")]
    provinces = ["jiangsu", "zhejiang", "anhui", "sichuan"]
    for number in range(45):
        make_zone(
            province=provinces[number % 4],
            level=["national", "provincial"][number % 2],
            type=["etdz", "hightech", "bonded"][number % 3],
            industries=industries[: number % 3],
        )
    seen, queue = set(), ["/", "/zones/"]
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(("/static/", "/media/", "/admin/", "/elder/")):
            continue
        seen.add(url)
        assert len(seen) < 2000, "the crawl does not end"
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        queue.extend(_links(response.content.decode(), urlsplit(url).path) - seen)
    directory = sorted(url for url in seen if urlsplit(url).path == "/zones/")
    assert all(len(_facet_values(url)) <= 1 for url in directory), [
        url for url in directory if len(_facet_values(url)) > 1
    ]
    # The bound: the plain directory and each facet value with zones, each with its numbered
    # pages (page 1 may appear twice: bare and as ?page=1).
    zones = Zone.objects.published()
    counts = [zones.count()]
    for field in ("region", "province", "level", "type"):
        counts += [
            zones.filter(**{field: value}).count()
            for value in set(zones.values_list(field, flat=True))
        ]
    counts += [zones.filter(industries=industry).count() for industry in industries]
    bound = sum(ceil(count / ZONES_PER_PAGE) + 1 for count in counts if count)
    print(f"\ncrawled {len(seen)} URLs, {len(directory)} of the zone directory (bound {bound})")
    assert len(directory) <= bound
    # Every value of every facet is reachable, so the directory is still fully indexable.
    assert {"/zones/?province=jiangsu", "/zones/?level=national", "/zones/?industry=ai"} <= set(
        directory
    )

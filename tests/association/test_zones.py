import datetime
import itertools
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.directory import ZoneSearch
from association.models import Zone
from tests.factories import make_article
from tests.soup import select, text, texts

from .factories import make_industry, make_zone
from .zoneform import form_pairs

pytestmark = pytest.mark.django_db

FACET_VALUES = {
    "region": ["east", "west"],
    "province": ["jiangsu", "sichuan"],
    "level": ["national", "provincial"],
    "type": ["etdz", "hightech"],
    "industry": ["ic", "bio"],
}


@pytest.fixture
def zones():
    ic = make_industry("集成电路", "ic")
    bio = make_industry("生物医药", "bio")
    rows = [
        ("苏州工业园区", "jiangsu", "national", "etdz", [ic, bio]),
        ("南京高新区", "jiangsu", "national", "hightech", [ic]),
        ("无锡经开区", "jiangsu", "provincial", "etdz", [bio]),
        ("成都高新区", "sichuan", "national", "hightech", [ic]),
        ("绵阳经开区", "sichuan", "provincial", "etdz", []),
        ("宁波保税区", "zhejiang", "national", "bonded", [bio]),
    ]
    made = [
        make_zone(name=name, province=province, level=level, type=kind, industries=industries)
        for name, province, level, kind, industries in rows
    ]
    make_zone(name="已撤销开发区", province="jiangsu", active=False, industries=[ic])
    return made


def expected(zones, **filters):
    """The zones a filter must return, computed in Python from the fixture."""

    def matches(zone):
        for name, value in filters.items():
            if name == "industry":
                if value not in {i.slug for i in zone.industries.all()}:
                    return False
            elif getattr(zone, name) != value:
                return False
        return True

    return {zone.name for zone in zones if matches(zone)}


def listed_names(html):
    return set(texts(html, ".zone-table tbody th a"))


def count_of(facet_link):
    return int(text(facet_link.select_one(".count")))


def facet_counts(html):
    """{(facet, value): count} as shown next to the facet links."""
    return {
        (link["data-facet"], link["data-value"]): count_of(link)
        for link in select(html, "a[data-facet]")
    }


COMBINATIONS = [
    dict(combo)
    for size in (1, 2, 3)
    for facets in itertools.combinations(FACET_VALUES, size)
    for combo in itertools.product(*[[(f, v) for v in FACET_VALUES[f]] for f in facets])
]


def test_every_facet_combination_returns_exactly_the_matching_zones(client, zones):
    """Every facet combination lists exactly the matching zones."""
    for filters in COMBINATIONS:
        html = client.get("/zones/", filters).content.decode()
        assert listed_names(html) == expected(zones, **filters), filters


def facet_links(html):
    """{(facet, value): (count, what ticking or unticking its box sends, as a query)}."""
    return {
        (link["data-facet"], link["data-value"]): (
            int(text(link.select_one(".count"))),
            "?" + urlencode(form_pairs(html, (link["data-facet"], link["data-value"]))),
        )
        for link in select(html, "a[data-facet]")
    }


@pytest.mark.parametrize(
    "filters", [{}, {"region": "east"}, {"level": "national", "industry": "ic"}, {"q": "高新"}]
)
@pytest.mark.usefixtures("zones")
def test_facet_counts_agree_with_the_results_of_ticking_them(client, filters):
    """Ticking (or unticking) a value gives exactly the count it showed (added or removed)."""
    html = client.get("/zones/", filters).content.decode()
    shown = int(re.search(r"找到 (\d+) 个开发区", html).group(1))
    links = facet_links(html)
    assert links
    for (facet, value), (count, href) in links.items():
        followed = client.get("/zones/" + href).content.decode()
        if facet not in filters:
            assert len(listed_names(followed)) == count, (facet, value)
            assert f"找到 {count} 个开发区" in followed
        elif facet != "industry":
            if filters[facet] == value:  # its only value: the facet is cleared
                whole = sum(n for (f, _v), (n, _href) in links.items() if f == facet)
            else:
                whole = shown + count
            assert f"找到 {whole} 个开发区" in followed, (facet, value)


@pytest.mark.usefixtures("zones")
def test_inactive_zone_is_neither_listed_nor_counted_nor_shown(client):
    """An inactive zone is not listed, not counted in facets, and its page answers 404."""
    html = client.get("/zones/", {"province": "jiangsu"}).content.decode()
    assert "已撤销开发区" not in html
    assert facet_counts(html)[("industry", "ic")] == 2
    hidden = Zone.objects.get(name="已撤销开发区")
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.usefixtures("zones")
def test_name_search_matches_name_and_short_name(client):
    """The name search matches full and short names."""
    make_zone(name="临港新片区", short_name="滴水湖园区", province="shanghai")
    assert listed_names(client.get("/zones/?q=高新").content.decode()) == {
        "南京高新区",
        "成都高新区",
    }
    assert listed_names(client.get("/zones/?q=滴水湖").content.decode()) == {"临港新片区"}


def test_unknown_filter_values_are_ignored_not_errors(client, zones):
    """Unknown filter values are ignored, never errors."""
    response = client.get("/zones/", {"region": "mars", "level": "'; drop", "page": "x"})
    assert response.status_code == 200
    assert len(listed_names(response.content.decode())) == 6
    repeated = client.get("/zones/?province=sichuan&province=sichuan&province=mars")
    assert listed_names(repeated.content.decode()) == expected(zones, province="sichuan")


@pytest.mark.usefixtures("zones")
def test_pagination_keeps_the_filters(client):
    """A single value's pages are links; a combination's are buttons of the filter form, so
    they keep every filter without a link spelling the combination out."""
    for index in range(30):
        make_zone(name=f"批量园区{index:02d}", province="sichuan", level="national")
    single = client.get("/zones/?province=sichuan").content.decode()
    assert select(single, 'a[rel="next"]')[0]["href"] == "?province=sichuan&page=2"
    html = client.get("/zones/?province=sichuan&level=national").content.decode()
    assert len(listed_names(html)) == 20
    assert not select(html, ".pagination a")
    button = select(html, '.pagination button[name="page"]')[-1]
    assert (button["form"], button["value"], text(button)) == ("zone-filters", "2", "下一页")
    assert form_pairs(html, extra=[("page", "2")]) == [
        ("province", "sichuan"),
        ("level", "national"),
        ("page", "2"),
    ]
    second = client.get("/zones/?province=sichuan&level=national&page=2").content.decode()
    assert len(listed_names(second)) == 11  # 30 + 成都高新区, 20 per page


@pytest.mark.usefixtures("zones")
def test_directory_query_count_does_not_grow_with_zones(client):
    """The directory's queries do not grow with zones."""
    client.get("/zones/")  # warm the chrome
    with CaptureQueriesContext(connection) as few:
        client.get("/zones/?region=east&industry=ic")
    extra = make_industry("新材料", "materials")
    for index in range(40):
        make_zone(name=f"扩展园区{index}", industries=[extra], province="jiangsu")
    client.get("/zones/")  # the new industry refills the cached list of industries once
    with CaptureQueriesContext(connection) as many:
        client.get("/zones/?region=east&industry=ic")
    assert len(many) == len(few)
    assert len(few) <= 10


@pytest.mark.usefixtures("zones")
def test_facet_search_object_drill_sideways_counts():
    """The level facet counts ignore the level filter but keep the others."""
    search = ZoneSearch({"province": "jiangsu", "level": "provincial"})
    level = next(facet for facet in search.facets() if facet.name == "level")
    assert {option.value: option.count for option in level.options} == {
        "national": 2,
        "provincial": 1,
    }


def test_zone_profile_lists_only_its_visible_articles(client, zones, channel):
    """A zone's page lists its own published articles only."""
    zone = zones[0]
    mine = make_article(channel, title="苏州工业园区新设研发中心")
    draft = make_article(channel, title="园区草稿", status="draft")
    scheduled = make_article(
        channel, title="园区预告", publish_at=timezone.now() + datetime.timedelta(hours=2)
    )
    withdrawn = make_article(channel, title="撤回的新闻", status="withdrawn")
    other = make_article(channel, title="成都高新区的新闻")
    zone.articles.add(mine, draft, scheduled, withdrawn)
    zones[3].articles.add(other)
    response = client.get(zone.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "苏州工业园区" in html
    assert "苏州工业园区新设研发中心" in html and f'href="/articles/{mine.pk}/"' in html
    for hidden in ("园区草稿", "园区预告", "撤回的新闻", "成都高新区的新闻"):
        assert hidden not in html


def test_zone_profile_query_count_does_not_grow_with_articles(client, zones, channel):
    """A zone's page costs the same queries for 1 or 11 articles."""
    zone = zones[0]
    zone.articles.add(make_article(channel))
    client.get(zone.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(zone.get_absolute_url())
    zone.articles.add(*[make_article(channel) for _ in range(10)])
    client.get(zone.get_absolute_url())  # warm again: a new content generation
    with CaptureQueriesContext(connection) as many:
        client.get(zone.get_absolute_url())
    assert len(many) == len(few)

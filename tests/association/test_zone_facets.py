"""Several values per facet: OR within a facet, AND across facets, exact counts."""

import itertools
import random
import re
from urllib.parse import parse_qsl, urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from association.directory import ZoneSearch
from association.models import Zone
from tests.htmlcheck import html_errors
from tests.soup import parse, select, text, texts

from .factories import make_industry, make_zone
from .zoneform import form_pairs

pytestmark = pytest.mark.django_db

PROVINCES = {"jiangsu": "江苏", "zhejiang": "浙江", "sichuan": "四川", "henan": "河南"}
FACET_VALUES = {
    "region": ["east", "west", "central"],
    "province": list(PROVINCES),
    "level": ["national", "provincial"],
    "type": ["etdz", "hightech", "bonded"],
    "industry": ["ic", "bio", "ai"],
}
SINGLE_VALUED = {"region", "province", "level", "type"}  # a zone has exactly one of these


def make_zones(count, *, seed, industries, prefix=""):
    rng = random.Random(seed)
    for index in range(count):
        province = rng.choice(list(PROVINCES))
        kind = rng.choice(FACET_VALUES["type"])
        suffix = "高新区" if kind == "hightech" else "园区"
        make_zone(
            name=f"{prefix}{PROVINCES[province]}{index:02d}{suffix}",
            province=province,
            level=rng.choice(FACET_VALUES["level"]),
            type=kind,
            industries=[i for i in industries if rng.random() < 0.45],
        )


@pytest.fixture
def industries():
    return [
        make_industry(name, slug)
        for name, slug in [("集成电路", "ic"), ("生物医药", "bio"), ("人工智能", "ai")]
    ]


@pytest.fixture
def zones(industries):
    """48 generated zones over 4 provinces (3 regions), 2 levels, 3 types, 0-3 industries."""
    make_zones(48, seed=5, industries=industries)
    make_zone(name="已撤销园区", province="jiangsu", active=False, industries=industries)
    return list(Zone.objects.published().prefetch_related("industries"))


def zone_values(zone, facet):
    if facet == "industry":
        return {industry.slug for industry in zone.industries.all()}
    return {getattr(zone, facet)}


def expected(zones, filters, query=""):
    """Names the directory must list for `filters` ({facet: [values]}), computed in Python."""
    return sorted(
        zone.name
        for zone in zones
        if all(zone_values(zone, f) & set(values) for f, values in filters.items() if values)
        and query in zone.name
    )


def url(filters, query=""):
    pairs = [(facet, value) for facet, values in filters.items() for value in values]
    if query:
        pairs.append(("q", query))
    return "/zones/?" + urlencode(pairs)


def listed(page):
    """The zone names of a result page, in order and with any duplicates."""
    return texts(page, ".zone-table tbody th a")


def next_page(page):
    """The query of 下一页 (a link, or on a combination a button of the filter form), "" on
    the last page."""
    link = parse(page).select_one('a[rel="next"]')
    if link:
        return link["href"].removeprefix("?")
    buttons = [b for b in select(page, '.pagination button[name="page"]') if text(b) == "下一页"]
    return urlencode(form_pairs(page, extra=[("page", buttons[0]["value"])])) if buttons else ""


def total(page):
    return int(re.search(r"找到 (\d+) 个开发区", page).group(1))


def options(page):
    """{(facet, value): (count, what ticking or unticking its box sends, ticked)}."""
    ticked = {(name, value) for name, value, checked in checkboxes(page) if checked}
    return {
        (link["data-facet"], link["data-value"]): (
            int(text(link.select_one(".count"))),
            form_pairs(page, (link["data-facet"], link["data-value"])),
            (link["data-facet"], link["data-value"]) in ticked,
        )
        for link in select(page, "a[data-facet]")
    }


def checkboxes(page):
    """(name, value, checked) of the facet checkboxes that belong to the filter form."""
    return [
        (box["name"], box["value"], box.has_attr("checked"))
        for box in select(page, 'input[type="checkbox"][form="zone-filters"]')
    ]


def toggled(filters, facet, value):
    changed = {f: list(values) for f, values in filters.items()}
    chosen = changed.setdefault(facet, [])
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    return changed


def one_facet_pairs_times_one_value_of_another():
    for facet, values in FACET_VALUES.items():
        for size in (1, 2):
            for chosen in itertools.combinations(values, size):
                for other in FACET_VALUES:
                    if other != facet:
                        for value in FACET_VALUES[other]:
                            yield {facet: list(chosen), other: [value]}


def test_up_to_two_values_of_one_facet_with_one_of_another_select_exactly_the_matching_zones(
    zones,
):
    """OR within a facet, AND across facets; each zone once, even with two of its industries."""
    combinations = list(one_facet_pairs_times_one_value_of_another())
    assert len(combinations) > 300
    for filters in combinations:
        search = ZoneSearch(QueryDict(url(filters).split("?", 1)[1]))
        names = [zone.name for zone in search.results()]
        assert sorted(names) == expected(zones, filters), filters


def test_two_values_of_one_facet_with_another_facet_list_the_matching_zones_on_the_page(
    client, zones
):
    """The page shows the same set: total, first page, no zone twice."""
    for filters in one_facet_pairs_times_one_value_of_another():
        chosen = next(iter(filters.values()))
        other, (value,) = list(filters.items())[1]
        if len(chosen) < 2 or value != FACET_VALUES[other][0]:
            continue
        page = client.get(url(filters)).content.decode()
        names, want = listed(page), expected(zones, filters)
        assert total(page) == len(want), filters
        assert len(names) == min(20, len(want)) == len(set(names)), filters
        assert set(names) <= set(want), filters


def test_a_single_value_per_facet_still_works_as_before(client, zones):
    """One value per facet filters as it always did."""
    page = client.get("/zones/?province=jiangsu&level=national").content.decode()
    assert sorted(listed(page)) == expected(zones, {"province": ["jiangsu"], "level": ["national"]})


STARTS = [
    ({}, ""),
    ({"province": ["jiangsu", "sichuan"]}, ""),
    ({"level": ["national"], "industry": ["ic", "bio"]}, ""),
    ({"type": ["etdz", "hightech"], "region": ["east"]}, ""),
    ({"region": ["east", "central"], "industry": ["ai"]}, "园区"),
]


@pytest.mark.parametrize("filters, query", STARTS)
def test_count_is_what_the_facet_alone_would_list_with_the_other_facets_kept(
    client, zones, filters, query
):
    """The count of value v of facet F: other facets applied, F's selection replaced by v."""
    page = client.get(url(filters, query)).content.decode()
    shown = options(page)
    for facet, values in FACET_VALUES.items():
        for value in values:
            alone = {**filters, facet: [value]}
            count = len(expected(zones, alone, query))
            if count or value in filters.get(facet, []):
                assert shown[(facet, value)][0] == count, (facet, value)
            else:
                assert (facet, value) not in shown, (facet, value)


@pytest.mark.parametrize("filters, query", STARTS)
def test_ticking_a_value_gives_the_count_it_promised(client, zones, filters, query):
    """With F unselected its box shows exactly its count; with F selected it adds or removes it."""
    page = client.get(url(filters, query)).content.decode()
    current = total(page)
    for (facet, value), (count, pairs, selected) in options(page).items():
        followed = client.get("/zones/?" + urlencode(pairs)).content.decode()
        after = total(followed)
        assert after == len(expected(zones, toggled(filters, facet, value), query)), (facet, value)
        if not filters.get(facet):
            assert after == count, (facet, value)
        elif not selected and facet in SINGLE_VALUED:
            assert after == current + count, (facet, value)
        elif selected and facet in SINGLE_VALUED and len(filters[facet]) > 1:
            assert after == current - count, (facet, value)


@pytest.mark.parametrize("filters, query", STARTS)
@pytest.mark.usefixtures("zones")
def test_boxes_hold_the_selection_and_links_lead_to_one_value_alone(client, filters, query):
    """The GET form's boxes are the selection; each value's link is that value's own page, so
    no link leads to a combination."""
    page = client.get(url(filters, query)).content.decode()
    boxes = checkboxes(page)
    assert {(name, value) for name, value, checked in boxes if checked} == {
        (facet, value) for facet, values in filters.items() for value in values
    }
    links = {
        (link["data-facet"], link["data-value"]): parse_qsl(link["href"][1:])
        for link in select(page, "a[data-facet]")
    }
    assert {(name, value) for name, value, _checked in boxes} == set(links)
    for key, pairs in links.items():
        assert pairs == [key]
    assert parse(page).select_one("form#zone-filters")["method"] == "get"
    button = parse(page).select_one("button.facet-submit")
    assert (button["type"], button["form"], text(button)) == ("submit", "zone-filters", "筛选")


@pytest.mark.usefixtures("zones")
def test_query_count_is_the_same_for_few_or_many_values_and_zones(client, industries):
    """The directory's queries do not grow with facet values or zones."""
    few_values = "/zones/?province=jiangsu"
    many_values = url({facet: values for facet, values in FACET_VALUES.items()}, "园")
    client.get(few_values)  # warm the chrome cache
    counts = []
    for _round in range(2):
        client.get(few_values)  # warm again: the new zones started a new generation
        for address in (few_values, many_values):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            counts.append(len(queries))
        make_zones(60, seed=9 + _round, industries=industries, prefix=f"新增{_round}")
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 10


def test_unknown_and_repeated_values_are_ignored(client, zones):
    """Unknown, repeated and oversized facet values are ignored, never errors."""
    messy = (
        "/zones/?province=jiangsu&province=jiangsu&province=mars&level=&region=EAST"
        "&industry=ic&industry=nope&industry=ic&type=" + "x" * 3000  # NUL: 400, see tests/security
    )
    response = client.get(messy)
    assert response.status_code == 200
    page = response.content.decode()
    clean = {"province": ["jiangsu"], "industry": ["ic"]}
    assert total(page) == len(expected(zones, clean))
    assert len(select(page, ".chips a")) == 2
    for _count, pairs, _selected in options(page).values():
        assert len(pairs) == len(set(pairs))
        assert ("province", "mars") not in pairs and ("industry", "nope") not in pairs


def test_selected_values_are_removable_chips_and_clear_all_resets(client, zones):
    """Each selected value is a chip that removes just it (a button of the form where what
    remains combines values, else a link); 清除全部 resets."""
    filters = {"province": ["jiangsu", "sichuan"], "level": ["national"]}
    page = client.get(url(filters, "园区")).content.decode()
    chips = select(page, ".chips a, .chips button")
    assert [chip["aria-label"] for chip in chips] == [
        "移除筛选条件 省份：江苏省",
        "移除筛选条件 省份：四川省",
        "移除筛选条件 级别：国家级",
        "移除筛选条件 开发区名称：园区",
    ]
    assert [chip.name for chip in chips] == ["button"] * 4  # each leaves two values or more
    removed = [("province", "jiangsu"), ("province", "sichuan"), ("level", "national")]
    for chip, (facet, value) in zip(chips[:3], removed, strict=True):
        sent = form_pairs(page, extra=[(chip["name"], chip["value"])])
        after = client.get("/zones/?" + urlencode(sent)).content.decode()
        assert total(after) == len(expected(zones, toggled(filters, facet, value), "园区"))
    sent = form_pairs(page, extra=[(chips[3]["name"], chips[3]["value"])])
    without_query = client.get("/zones/?" + urlencode(sent)).content.decode()
    assert total(without_query) == len(expected(zones, filters))
    # One value and the name search: its chips are links.
    single = client.get(url({"level": ["national"]}, "园区")).content.decode()
    assert [chip["href"] for chip in select(single, ".chips a")] == [
        "?" + urlencode({"q": "园区"}),
        "?level=national",
    ]
    clear_all = select(page, "a.clear-all")
    assert [(link["href"], text(link)) for link in clear_all] == [("?", "清除全部筛选")]
    assert total(client.get("/zones/?").content.decode()) == len(zones)


@pytest.mark.usefixtures("zones")
def test_no_chips_or_clear_all_without_filters(client):
    """Without filters there are no chips and no 清除全部."""
    page = client.get("/zones/")
    assert not select(page, ".clear-all") and not select(page, ".chips")


@pytest.mark.usefixtures("zones")
def test_pagination_keeps_every_selected_value(client, industries):
    """Page links keep every selected value, and the pages together list every match once."""
    make_zones(40, seed=11, industries=industries, prefix="分页")
    filters = {"province": ["jiangsu", "zhejiang"], "industry": ["ic", "bio"]}
    want = expected(list(Zone.objects.published().prefetch_related("industries")), filters)
    assert len(want) > 20
    first = client.get(url(filters)).content.decode()
    href = next_page(first)
    assert sorted(parse_qsl(href)) == sorted(
        [
            ("province", "jiangsu"),
            ("province", "zhejiang"),
            ("industry", "ic"),
            ("industry", "bio"),
            ("page", "2"),
        ]
    )
    pages = [listed(first)]
    while href:
        following = client.get("/zones/?" + href).content.decode()
        pages.append(listed(following))
        href = next_page(following)
    assert sorted(itertools.chain(*pages)) == want


@pytest.mark.usefixtures("zones")
def test_multi_value_page_is_well_formed_html(client):
    """A page with several values per facet is well-formed HTML."""
    page = client.get(
        url({"province": ["jiangsu", "henan"], "type": ["etdz", "bonded"]}, "园")
    ).content.decode()
    assert html_errors(page) == []
    assert 'src="/static/js/association-facets.js"' in page

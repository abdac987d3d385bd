"""Search terms for the editors' statistics: aggregated counts per normalised query and
day, sent by the results page's script; nothing that tells readers apart is stored."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from search.models import SearchTermDay
from tests.soup import parse

pytestmark = pytest.mark.django_db


def search_and_count(client, query, **params):
    """Open the results page like a reader and send its beacon as its script does."""
    page = client.get(reverse("search:results"), {"q": query, **params})
    script = parse(page).select_one("script[data-token]")
    if script is None:
        return page, None
    beacon = client.post(script["data-count-url"], {"t": script["data-token"]})
    return page, beacon


def test_three_searches_of_the_same_normalised_query_count_three(client, make_article):
    """GDP增长, ＧＤＰ增长 (full width) and gdp增长 are one query searched three times."""
    make_article(title="GDP增长的新动力")
    for query in ("GDP增长", "ＧＤＰ增长", "gdp增长 "):
        _page, beacon = search_and_count(client, query)
        assert beacon.status_code == 204
    # By its query: a browser test's beacon may land after its database was emptied.
    row = SearchTermDay.objects.get(query="gdp增长")
    assert (row.searches, row.zero_results) == (3, 0)


def test_searches_without_results_are_counted_as_such(client, make_article):
    """A query that finds nothing is counted, and counted as finding nothing."""
    search_and_count(client, "不存在的词语")
    search_and_count(client, "不存在的词语")
    row = SearchTermDay.objects.get(query="不存在的词语")
    assert (row.searches, row.zero_results) == (2, 2)


def test_no_address_or_session_is_stored(client, make_article):
    """The count has no column for an address or a session, the beacon sets no cookie and
    no session is created; the token holds the query and the result only."""
    sessions = Session.objects.count()
    page, beacon = search_and_count(client, "开发区")
    columns = {field.name for field in SearchTermDay._meta.get_fields()}
    assert columns == {"id", "day", "query", "searches", "zero_results"}
    assert not beacon.cookies and not page.cookies
    assert Session.objects.count() == sessions
    token = parse(page).select_one("script[data-token]")["data-token"]
    assert "127.0.0.1" not in token


def test_a_forged_token_counts_nothing(client):
    """Only tokens the results page signed are counted."""
    response = client.post(reverse("search:count"), {"t": '["伪造的词",0]'})
    assert response.status_code == 400
    assert not SearchTermDay.objects.filter(query="伪造的词").exists()


def test_later_pages_and_empty_queries_are_not_searches(client, make_article):
    """Paging through results or opening the empty search page counts nothing."""
    for _n in range(25):
        make_article(title="园区")
    page_two, beacon = search_and_count(client, "园区", page=2)
    assert page_two.status_code == 200 and beacon is None
    _page, beacon = search_and_count(client, "")
    assert beacon is None


def test_searches_served_from_the_page_cache_are_counted(client, make_article, settings):
    """The first page of a search comes from the page cache the second time; its script
    still counts it, so popular queries are not undercounted."""
    settings.PAGE_CACHE_SECONDS = 600
    make_article(title="招商引资成果")
    search_and_count(client, "招商引资")
    second, _beacon = search_and_count(client, "招商引资")
    assert second["X-Page-Cache"] == "HIT"
    assert SearchTermDay.objects.get(query="招商引资").searches == 2

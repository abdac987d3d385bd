"""LongListPaginator on its own: the same pages as Django's Paginator, the count kept until
content changes, and deep pages read their ids first."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from portal import generation, pagecache, pagination
from portal.models import NavItem
from portal.pagination import LongListPaginator, page_or_404

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(monkeypatch):
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 6)  # deep pages from the third on
    NavItem.objects.bulk_create(
        NavItem(title=f"条目{n}", url=f"/{n}/", order=n % 4) for n in range(23)
    )
    return NavItem.objects.order_by("order", "id")


def titles(page):
    return [item.title for item in page.object_list]


@pytest.mark.parametrize("orphans", [0, 2])
def test_every_page_holds_what_djangos_paginator_gives(items, orphans):
    """Shallow and deep pages, and the last one with its orphans, as Paginator has them."""
    ours = LongListPaginator(items, 3, count_key="test:items", orphans=orphans)
    plain = Paginator(items, 3, orphans=orphans)
    assert ours.count == plain.count == 23
    assert ours.num_pages == plain.num_pages
    for number in plain.page_range:
        assert titles(ours.page(number)) == titles(plain.page(number)), number
        assert ours.page(number).has_next() == plain.page(number).has_next()


def test_shallow_pages_use_an_offset_and_deep_pages_find_their_ids_first(items):
    """Below DEFERRED_FROM one plain query; past it the ids come from a subquery."""
    paginator = LongListPaginator(items, 3, count_key="test:items")
    paginator.count  # noqa: B018  kept apart from the pages' queries
    with CaptureQueriesContext(connection) as shallow:
        list(paginator.page(2).object_list)
    with CaptureQueriesContext(connection) as deep:
        list(paginator.page(5).object_list)
    assert "OFFSET 3" in shallow[-1]["sql"] and "IN (SELECT" not in shallow[-1]["sql"]
    assert "IN (SELECT" in deep[-1]["sql"]


def test_the_count_is_kept_until_the_content_changes(items):
    """One COUNT for every paginator of the list; a new content generation counts again."""
    LongListPaginator(items, 3, count_key="test:items").count  # noqa: B018
    with CaptureQueriesContext(connection) as warm, generation.request_scope():
        assert LongListPaginator(items, 3, count_key="test:items").count == 23
    assert not [q for q in warm if "COUNT(" in q["sql"].upper()]
    NavItem.objects.create(title="新条目", url="/new/")  # a save: new generation
    pagecache.bump()
    assert LongListPaginator(items, 3, count_key="test:items").count == 24


@pytest.mark.parametrize("number", ["0", "9", "x", None, "-1"])
def test_page_or_404_refuses_what_is_not_a_page(items, number):
    """Past the last page or zero is 404; no number or not a number is the first page."""
    paginator = LongListPaginator(items, 3, count_key="test:items")
    if number in ("x", None):
        assert page_or_404(paginator, number).number == 1
    else:
        with pytest.raises(Http404):
            page_or_404(paginator, number)

"""labelled_union on its own, in both SQL forms: PostgreSQL's (SELECT ... LIMIT n) UNION ALL,
and the IN (subquery) form of databases that take no LIMIT inside a UNION (SQLite)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.queries import labelled_union


@pytest.fixture(params=[True, False], ids=["union-of-limited-selects", "in-subquery"])
def sql_form(request, monkeypatch):
    if request.param and connection.vendor == "sqlite":
        pytest.skip("SQLite takes no LIMIT inside a UNION: its own form is the IN (subquery)")
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", request.param)
    return request.param


@pytest.fixture
def articles(make_article, channels):
    news = [make_article(title=f"资讯{n}", channel=channels["news"]) for n in range(4)]
    notices = [make_article(title=f"通知{n}", channel=channels["notices"]) for n in range(3)]
    return news, notices


def test_each_part_gets_its_newest_rows_under_its_label(sql_form, articles):
    """Each labelled part keeps its own filter, order and limit; one query for all."""
    visible = Article.objects.published()
    parts = [
        ("news", visible.filter(channel__slug="news").order_by("-publish_at", "-id"), 2),
        ("notices", visible.filter(channel__slug="notices").order_by("-publish_at", "-id"), 5),
        ("none", visible.filter(channel__slug="news"), 0),  # a limit of 0 asks nothing
    ]
    with CaptureQueriesContext(connection) as queries:
        rows = labelled_union(parts, ("title",))
    assert len(queries) == 1
    assert ("UNION ALL" in queries[0]["sql"]) and (
        ("IN (SELECT" in queries[0]["sql"]) is not sql_form
    )
    got = {}
    for title, label in rows:
        got.setdefault(label, set()).add(title)
    assert got == {"news": {"资讯0", "资讯1"}, "notices": {"通知0", "通知1", "通知2"}}


def test_one_part_is_a_plain_query_and_no_part_no_query(sql_form, articles):
    """A single part needs no UNION; nothing asked costs nothing. Rows come in no
    particular order (the IN form drops it): callers sort."""
    one = Article.objects.published().order_by("-publish_at", "-id")
    with CaptureQueriesContext(connection) as queries:
        assert sorted(labelled_union([("latest", one, 3)], ("title",))) == [
            ("资讯0", "latest"), ("资讯1", "latest"), ("资讯2", "latest")
        ]  # fmt: skip
        assert labelled_union([("latest", one, 0)], ("title",)) == []
    assert len(queries) == 1 and "UNION" not in queries[0]["sql"]

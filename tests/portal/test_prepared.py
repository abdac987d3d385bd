"""portal.prepared on its own: arguments are bound, never baked in; what cannot be bound
is refused; the compiled entries are bounded."""

import datetime

import pytest
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from portal.prepared import PreparedQuery
from tests.factories import make_article


def titles_since(shape, since):
    return Article.objects.filter(publish_at__gte=since).order_by("publish_at")[:shape]


@pytest.mark.django_db
def test_each_run_binds_its_own_arguments():
    now = timezone.now()
    for hours in (1, 5, 9):
        make_article(title=f"{hours}小时前", age_hours=hours)
    prepared = PreparedQuery(lambda shape, since: titles_since(shape, since).values_list("title"))
    ago = lambda hours: now - datetime.timedelta(hours=hours)  # noqa: E731
    assert prepared.rows(10, ago(2), using="default") == [("1小时前",)]
    assert prepared.rows(10, ago(6), using="default") == [("5小时前",), ("1小时前",)]
    assert prepared.rows(1, ago(10), using="default") == [("9小时前",)]  # a new shape: LIMIT 1
    assert len(prepared._compiled) == 2


@pytest.mark.django_db
def test_an_argument_written_into_the_sql_text_is_refused():
    """A value formatted into the SQL (not a parameter) would be frozen at its first value."""
    baked = PreparedQuery(
        lambda shape, pk: Article.objects.filter(id=RawSQL(str(pk), ())).values_list("id")
    )
    with pytest.raises(ValueError, match="not a parameter"):
        baked.rows((), 7, using="default")


def test_only_datetimes_and_integers_can_be_bound():
    prepared = PreparedQuery(lambda shape, value: Article.objects.filter(title=value))
    with pytest.raises(TypeError):
        prepared.rows((), "标题", using="default")


@pytest.mark.django_db
def test_the_compiled_entries_are_bounded():
    prepared = PreparedQuery(
        lambda shape, pk: Article.objects.filter(pk__gte=pk).values_list("id")[:shape], maxsize=2
    )
    for limit in (1, 2, 3):
        prepared.rows(limit, 0, using="default")
    assert len(prepared._compiled) == 2

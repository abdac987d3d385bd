"""统计: numbers for editors, drawn as SVG on the server, exported as CSV for Excel."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleDailyViews
from health import statistics
from search.models import SearchTermDay
from submissions.models import Message
from tests import factories
from tests.soup import parse

pytestmark = pytest.mark.django_db

STATISTICS = "admin:health_statistics_changelist"


def add_views(article, days_and_views):
    today = timezone.localdate()
    for days_ago, views in days_and_views:
        ArticleDailyViews.objects.create(
            article=article, day=today - datetime.timedelta(days=days_ago), views=views
        )


def test_views_chart_is_svg_with_one_point_per_day(channel, reviewer):
    """Views per day: an SVG of 30 points (days without views count 0), and a sparkline of
    30 points per channel, no script."""
    article = factories.make_article(channel)
    other = factories.make_article(factories.make_channel("通知公告", "notices"))
    add_views(article, [(0, 7), (1, 5), (29, 2), (30, 100)])
    add_views(other, [(0, 3)])
    page = parse(reviewer.get(reverse(STATISTICS)))
    chart = page.select_one("#views svg.chart")
    points = chart.select("circle")
    assert len(points) == 30
    assert points[-1].title.get_text().endswith("：10") and points[0].title.get_text().endswith(
        "：2"
    )
    sparklines = page.select("#views svg.sparkline")
    assert len(sparklines) == 2 and all(len(s.select("circle")) == 30 for s in sparklines)
    assert page.select_one("#content-main script") is None


def test_most_read_of_the_week_and_the_month(channel, reviewer):
    """The 7-day list leaves out older views; the 30-day list counts them."""
    recent = factories.make_article(channel, title="本周热门")
    older = factories.make_article(channel, title="月度热门")
    add_views(recent, [(1, 50)])
    add_views(older, [(10, 80), (2, 10)])
    assert [row[1:] for row in statistics.most_read(7)] == [
        ("本周热门", "资讯中心", 50), ("月度热门", "资讯中心", 10)]  # fmt: skip
    assert [row[1] for row in statistics.most_read(30)] == ["月度热门", "本周热门"]


def test_published_per_week_has_twelve_bars(channel, reviewer):
    """Articles published per week: 12 weeks, one bar each, the current week last."""
    page = parse(reviewer.get(reverse(STATISTICS)))
    bars = page.select("#published svg rect.bar")
    assert len(bars) == 12
    assert bars[-1].title.get_text().endswith("：1")  # the fixture's article of today


def test_median_answer_time_of_messages(channel, message):
    """Last week, four messages arrived and three were answered, in 2, 4 and 10 hours:
    received 4, answered 3, median 4 hours."""
    monday = statistics.weeks(2)[0]
    tuesday = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(9)))
    tuesday += datetime.timedelta(days=1)
    for hours in (2, 4, 10):
        m = message(sent=tuesday, reply="答复")
        answered = tuesday + datetime.timedelta(hours=hours)
        Message.objects.filter(pk=m.pk).update(replied_at=answered)
    message(sent=tuesday)
    messages, _manuscripts = statistics.submissions_per_week()
    assert messages[-2] == (monday, 4, 3, 4.0)


def test_csv_exports_open_in_excel_with_a_bom(channel, reviewer):
    """Every export is UTF-8 with a byte order mark, one row per item, no formula cells."""
    article = factories.make_article(channel, title="=SUM(A1:A2) 招商")
    add_views(article, [(0, 9)])
    response = reviewer.get(reverse(STATISTICS), {"export": "top30"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["文章", "栏目", "点击量", "地址"]
    assert rows[1][:3] == ["'=SUM(A1:A2) 招商", "资讯中心", "9"]
    for name in ("views", "channels", "top7", "published", "submissions", "search7",
                 "search30", "nothing30"):  # fmt: skip
        export = reviewer.get(reverse(STATISTICS), {"export": name})
        assert export.status_code == 200 and export.content.startswith(b"\xef\xbb\xbf")
    assert reviewer.get(reverse(STATISTICS), {"export": "passwords"}).status_code == 404


def test_zero_result_queries_link_to_adding_a_synonym(db, admin_client):
    """A query that found nothing links to the synonym form, filled in with it."""
    today = timezone.localdate()
    SearchTermDay.objects.create(day=today, query="经开区", searches=5, zero_results=0)
    SearchTermDay.objects.create(day=today, query="人才公寓", searches=3, zero_results=3)
    page = parse(admin_client.get(reverse(STATISTICS)))
    rows = {
        row.td.get_text(): row for row in page.select("#search-terms table")[-1].select("tbody tr")
    }
    assert "人才公寓" in rows and "经开区" not in rows
    link = rows["人才公寓"].select_one("a")["href"]
    assert link.startswith(reverse("admin:search_synonymgroup_add")) and "terms=" in link
    form = parse(admin_client.get(link))
    assert form.select_one("#id_terms")["value"] == "人才公寓, "


def test_only_reviewers_and_above_see_the_statistics(editor, reviewer):
    """The roles table gives 统计 to 审核; an editor gets no page."""
    assert reviewer.get(reverse(STATISTICS)).status_code == 200
    assert editor.get(reverse(STATISTICS)).status_code in (403, 404)
    assert editor.get(reverse(STATISTICS), {"export": "views"}).status_code in (403, 404)

"""The numbers editors need (统计): views, most read, publishing, answers, search terms.

Each function returns plain rows (for the page, its charts and the CSV exports) from a
few aggregate queries over bounded periods: views come from the per-day counts
(`ArticleDailyViews`), search terms from the per-day counts of normalised queries
(`search.models.SearchTermDay`); nothing here reads a row per view or per search.
"""

import statistics as stats
from datetime import datetime, time, timedelta

from django.db.models import Min, Sum
from django.utils import timezone

from articles.models import Article, ArticleDailyViews, Channel
from search.models import SearchTermDay
from submissions.models import Manuscript, Message, StatusChange

VIEW_DAYS = 30
WEEKS = 12
TOP = 20


def days(count, today=None):
    today = today or timezone.localdate()
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def week_start(day):
    return day - timedelta(days=day.weekday())


def weeks(count, today=None):
    """The Mondays of the last `count` weeks, oldest first (the current week last)."""
    monday = week_start(today or timezone.localdate())
    return [monday - timedelta(weeks=offset) for offset in range(count - 1, -1, -1)]


def _roots():
    """{channel id: (top-level channel id, its name)} for every channel, hidden ones too."""
    rows = {
        pk: (parent, name)
        for pk, parent, name in Channel.objects.values_list("pk", "parent_id", "name")
    }
    roots = {}
    for pk in rows:
        node, seen = pk, set()
        while rows[node][0] is not None and rows[node][0] in rows and node not in seen:
            seen.add(node)
            node = rows[node][0]
        roots[pk] = (node, rows[node][1])
    return roots


def views_per_day(today=None):
    """Views of the site and of each top-level channel (its sub-channels included) per day
    over the last 30 days: (site [(day, views)], [(channel name, total, [(day, views)])])."""
    period = days(VIEW_DAYS, today)
    rows = (
        ArticleDailyViews.objects.filter(day__gte=period[0], day__lte=period[-1])
        .values_list("day", "article__channel_id")
        .annotate(total=Sum("views"))
        .order_by()
    )
    roots = _roots()
    site = dict.fromkeys(period, 0)
    channels = {}
    for day, channel_id, total in rows:
        site[day] += total
        root, name = roots.get(channel_id, (None, "—"))
        series = channels.setdefault(root, (name, dict.fromkeys(period, 0)))[1]
        series[day] += total
    per_channel = [
        (name, sum(series.values()), list(series.items())) for name, series in channels.values()
    ]
    per_channel.sort(key=lambda row: -row[1])
    return list(site.items()), per_channel


def most_read(days_back, today=None, limit=TOP):
    """The `limit` most-read articles of the last `days_back` days: (pk, title, channel,
    views), from the per-day counts; whatever their status now (a withdrawn article was read)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days_back - 1)
    return list(
        ArticleDailyViews.objects.filter(day__gte=since, day__lte=today)
        .values_list("article_id", "article__title", "article__channel__name")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[:limit]
    )


def _week_of(moment):
    return week_start(timezone.localdate(moment))


def published_per_week(today=None):
    """Articles published per top-level channel and week (by publish time, published now):
    (mondays, [(channel name, [count per week], total)], [site count per week])."""
    mondays = weeks(WEEKS, today)
    start = timezone.make_aware(datetime.combine(mondays[0], time.min))
    rows = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__gte=start, publish_at__lte=timezone.now()
    ).values_list("publish_at", "channel_id")
    roots = _roots()
    index = {monday: i for i, monday in enumerate(mondays)}
    channels, site = {}, [0] * len(mondays)
    for publish_at, channel_id in rows.iterator():
        i = index.get(_week_of(publish_at))
        if i is None:
            continue
        root, name = roots.get(channel_id, (None, "—"))
        counts = channels.setdefault(root, (name, [0] * len(mondays)))[1]
        counts[i] += 1
        site[i] += 1
    table = [(name, counts, sum(counts)) for name, counts in channels.values()]
    table.sort(key=lambda row: -row[2])
    return mondays, table, site


def _weekly(mondays, received, answered):
    """Rows per week: received, answered, median answer time (hours) of those answered."""
    index = {monday: i for i, monday in enumerate(mondays)}
    counts = [[0, 0, []] for _monday in mondays]
    for moment in received:
        i = index.get(_week_of(moment))
        if i is not None:
            counts[i][0] += 1
    for sent, done in answered:
        i = index.get(_week_of(done))
        if i is not None:
            counts[i][1] += 1
            counts[i][2].append((done - sent).total_seconds() / 3600)
    return [
        (monday, got, done, round(stats.median(hours), 1) if hours else None)
        for monday, (got, done, hours) in zip(mondays, counts, strict=True)
    ]


def submissions_per_week(today=None):
    """Messages and manuscripts received and answered per week, with the median answer time.

    A message is answered when its reply is written (`replied_at`); a manuscript when an
    editor first moves it on from 已收稿 (its first other status change)."""
    mondays = weeks(WEEKS, today)
    start = timezone.make_aware(datetime.combine(mondays[0], time.min))
    messages = _weekly(
        mondays,
        Message.objects.filter(created_at__gte=start).values_list("created_at", flat=True),
        Message.objects.filter(replied_at__gte=start).values_list("created_at", "replied_at"),
    )
    first_answer = (
        StatusChange.objects.exclude(status=Manuscript.Status.RECEIVED)
        .values("manuscript_id")
        .annotate(first=Min("changed_at"))
        .filter(first__gte=start)
        .values_list("manuscript__submitted_at", "first")
    )
    manuscripts = _weekly(
        mondays,
        Manuscript.objects.filter(submitted_at__gte=start).values_list("submitted_at", flat=True),
        first_answer,
    )
    return messages, manuscripts


def search_terms(days_back, today=None, limit=TOP):
    """(most frequent queries, queries that found nothing) of the last `days_back` days:
    rows of (query, searches, searches without results)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days_back - 1)
    rows = (
        SearchTermDay.objects.filter(day__gte=since, day__lte=today)
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .order_by()
    )
    top = rows.order_by("-total", "query").values_list("query", "total", "zero")[:limit]
    nothing = (
        rows.filter(zero__gt=0).order_by("-zero", "query").values_list("query", "total", "zero")
    )[:limit]
    return list(top), list(nothing)

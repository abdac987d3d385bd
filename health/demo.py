"""Demo numbers for the 统计 page and a first 网站体检 run.

Views per article and day for the last 45 days and a month of search terms, generated
with a fixed seed; only where none exist yet, so running `load_demo` again adds nothing.
Then the site health check runs once over the demo site.
"""

import random
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleDailyViews
from search.models import SearchTermDay

from . import services

DAYS = 45
QUERIES = [
    ("高质量发展", 40),
    ("营商环境", 32),
    ("开发区", 28),
    ("招商引资", 22),
    ("低空经济", 15),
    ("经开区", 14),
    ("绿色低碳", 12),
    ("数字化转型", 10),
    ("综合保税区", 8),
    ("gdp", 6),
    ("人才公寓", 4),
    ("飞地经济", 3),
    ("园区贷款贴息", 2),
    ("海洋牧场", 2),
]
NOTHING_FOUND = {"人才公寓", "园区贷款贴息", "海洋牧场"}


def load(stdout):
    rng = random.Random(23)
    today = timezone.localdate()
    if not ArticleDailyViews.objects.exists():
        rows = []
        for pk, publish_at in Article.objects.published().values_list("pk", "publish_at"):
            popularity = rng.uniform(2, 60)
            first = max(timezone.localdate(publish_at), today - timedelta(days=DAYS - 1))
            for offset in range((today - first).days + 1):
                day = first + timedelta(days=offset)
                weekday = 0.55 if day.weekday() >= 5 else 1.0
                views = int(rng.gauss(popularity, popularity / 3) * weekday)
                if views > 0:
                    rows.append(ArticleDailyViews(article_id=pk, day=day, views=views))
        ArticleDailyViews.objects.bulk_create(rows, batch_size=1000)
    if not SearchTermDay.objects.exists():
        rows = []
        for offset in range(30):
            day = today - timedelta(days=offset)
            for query, weight in QUERIES:
                searches = max(0, int(rng.gauss(weight / 4, weight / 8)))
                if searches:
                    zero = searches if query in NOTHING_FOUND else 0
                    rows.append(
                        SearchTermDay(day=day, query=query, searches=searches, zero_results=zero)
                    )
        SearchTermDay.objects.bulk_create(rows)
    run = services.run()
    stdout.write(f"Site health checked ({run.problems} problems, {run.duration:.1f} s).")

"""Page benchmark: requests/s and p50/p95 of the home, channel, topic and article pages.

Runs in-process with Django's test client against a throw-away test database filled
with generated content (channels, topics, ARTICLES articles, tags), so the figures
measure the views, the queries and the templates, not a network or a web server.

    .venv/bin/python bench/pages.py            # SQLite (or DATABASE_URL)
    ARTICLES=20000 REQUESTS=300 .venv/bin/python bench/pages.py
    PAGES=home,article .venv/bin/python bench/pages.py   # only these pages
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = int(os.environ.get("ARTICLES", "5000"))
REQUESTS = int(os.environ.get("REQUESTS", "200"))
PAGES = [name for name in os.environ.get("PAGES", "").split(",") if name]


def generate():
    from taggit.models import Tag

    from articles.models import Article, ArticleTag, Channel, HomeBlock, Topic

    news = Channel.objects.create(name="资讯中心", slug="news")
    provincial = Channel.objects.create(name="省级开发区动态", slug="provincial", parent=news)
    east = Channel.objects.create(name="华东地区", slug="east", parent=provincial)
    notices = Channel.objects.create(name="通知公告", slug="notices")
    leaves = [news, provincial, east, notices]
    for channel in (news, provincial, east):
        HomeBlock.objects.create(channel=channel, count=8)
    topics = [Topic.objects.create(title=f"专题{i}", slug=f"topic-{i}") for i in range(5)]
    tags = [Tag.objects.create(name=f"标签{i}", slug=f"tag-{i}") for i in range(30)]
    now = timezone.now()
    body = "<p>" + "开发区高质量发展。" * 80 + "</p>"
    Article.objects.bulk_create(
        [
            Article(
                title=f"基准测试文章{i}",
                channel=leaves[i % len(leaves)],
                body=body,
                summary="开发区高质量发展。",
                status=Article.Status.PUBLISHED if i % 20 else Article.Status.DRAFT,
                publish_at=now - timedelta(minutes=i),
                is_pinned=i % 500 == 0,
            )
            for i in range(ARTICLES)
        ],
        batch_size=1000,
    )
    ids = list(Article.objects.values_list("id", flat=True))
    ArticleTag.objects.bulk_create(
        [ArticleTag(content_object_id=pk, tag=tags[pk % len(tags)]) for pk in ids], batch_size=2000
    )
    through = Article.topics.through
    through.objects.bulk_create(
        [through(article_id=pk, topic=topics[pk % len(topics)]) for pk in ids[::3]],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: without statistics the planner guesses badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Article.objects.published().order_by("-publish_at")[ARTICLES // 3]


def measure(client, url):
    client.get(url, secure=True)  # warm caches
    timings = []
    started = time.perf_counter()
    for _i in range(REQUESTS):
        t0 = time.perf_counter()
        response = client.get(url, secure=True)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    elapsed = time.perf_counter() - started
    timings.sort()
    return REQUESTS / elapsed, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            article = generate()
            client = Client()
            pages = {
                "home": "/",
                "channel": "/channels/news/",
                "channel p10": "/channels/news/?page=10",
                "topic": "/topics/topic-1/",
                "article": article.get_absolute_url(),
                "feed": "/feeds/latest/",
            }
            print(f"{connection.vendor}, {ARTICLES} articles, {REQUESTS} requests per page")
            print(f"{'page':<12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
            for name, url in pages.items():
                if PAGES and name not in PAGES:
                    continue
                rate, p50, p95 = measure(client, url)
                print(f"{name:<12} {rate:8.1f} {p50:8.2f} {p95:8.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Site health benchmark: `manage.py site_health`'s run over generated live content.

A throw-away test database (SQLite, or DATABASE_URL) gets ARTICLES published articles of
about 3 KB of Chinese text, each with headings, two images (files in a temporary
MEDIA_ROOT, a few missing, a few without alt text), links to other articles, channels,
tags, a withdrawn article and a deleted one, plus an attachment every tenth article,
WORDS entries in the word lists, and readers' messages. Then the whole check runs
(no external links) and the time of each part is printed: this is the figure the
health README gives for 10,000 articles.

    .venv/bin/python bench/site_health.py              # 10,000 articles on SQLite
    ARTICLES=20000 DATABASE_URL=postgres://… .venv/bin/python bench/site_health.py
"""

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = int(os.environ.get("ARTICLES", "10000"))
WORDS = int(os.environ.get("WORDS", "2000"))
RUNS = int(os.environ.get("RUNS", "3"))

PARAGRAPH = (
    "开发区坚持以高质量发展为主线，聚焦主导产业，优化营商环境，推动产业链创新链深度融合。"
    "园区加快建设先进制造业集群，引进重大项目，提升综合承载能力和开放水平。"
)


def body(i, targets, image_names):
    rng = random.Random(i)
    paragraphs = [f"<p>{PARAGRAPH * 2}</p>" for _n in range(5)]
    links = "".join(f'<a href="/articles/{rng.choice(targets)}/">相关报道{n}</a>' for n in range(3))
    extra = ""
    if i % 50 == 0:
        extra += '<a href="/articles/99999999/">已删除的文章</a>'
    if i % 70 == 0:
        extra += '<a href="/channels/no-such-channel/">旧栏目</a>'
    alt = "" if i % 40 == 0 else ' alt="园区一景"'
    image = f'<img src="/media/{image_names[i % len(image_names)]}"{alt}>'
    missing = '<img src="/media/editor/2026/01/missing.jpg" alt="缺失">' if i % 90 == 0 else ""
    heading = "<h4>跳级小标题</h4>" if i % 60 == 0 else "<h2>一、总体情况</h2>"
    return (
        heading + paragraphs[0] + image + paragraphs[1] + "<h3>（一）重点项目</h3>"
        + paragraphs[2] + f"<p>{links}{extra}</p>" + missing + paragraphs[3]
        + '<p><a href="/channels/news/">资讯中心</a> <a href="/tags/tag-1/">标签</a>'
        + ' <a href="https://www.mofcom.gov.cn/">商务部</a></p>' + paragraphs[4]
    )  # fmt: skip


def generate():
    from django.core.files.storage import default_storage
    from taggit.models import Tag

    from articles.models import Article, ArticleTag, Attachment, Channel
    from editorial.models import CommonMistake, SensitiveWord
    from submissions.models import Message, MessageCategory

    news = Channel.objects.create(name="资讯中心", slug="news")
    channels = [news] + [
        Channel.objects.create(name=f"栏目{n}", slug=f"c{n}", parent=news) for n in range(8)
    ]
    notices = Channel.objects.create(name="通知公告", slug="notices", kind="notices")
    channels.append(notices)
    tag = Tag.objects.create(name="标签1", slug="tag-1")
    image_names = [
        default_storage.save(f"editor/2026/01/img{n}.jpg", ContentFile(b"\xff\xd8 image"))
        for n in range(20)
    ]
    now = timezone.now()
    targets = list(range(1, ARTICLES + 1))
    Article.objects.bulk_create(
        [
            Article(
                title=f"基准测试文章{i}",
                channel=channels[i % len(channels)],
                body=body(i, targets, image_names),
                summary=PARAGRAPH[:60],
                summary_auto=i % 2 == 0,
                status=Article.Status.WITHDRAWN if i % 500 == 1 else Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=37 * i),
            )
            for i in range(ARTICLES)
        ],
        batch_size=500,
    )
    ids = list(Article.objects.values_list("id", flat=True))
    ArticleTag.objects.bulk_create(
        [ArticleTag(content_object_id=pk, tag=tag) for pk in ids[::5]], batch_size=2000
    )
    attachment = default_storage.save("attachments/2026/01/a.pdf", ContentFile(b"%PDF-1.4"))
    Attachment.objects.bulk_create(
        [
            Attachment(article_id=pk, title="附件", file=attachment if n % 7 else "gone.pdf")
            for n, pk in enumerate(ids[::10])
        ],
        batch_size=2000,
    )
    rng = random.Random(23)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    words = {"".join(rng.choice(han) for _n in range(rng.randint(2, 4))) for _n in range(WORDS)}
    SensitiveWord.objects.bulk_create(
        [
            SensitiveWord(word=w, normalized=w, level="block" if n % 2 else "warn")
            for n, w in enumerate(sorted(words))
        ]
    )
    CommonMistake.objects.create(wrong="再接再励", right="再接再厉", normalized="再接再励")
    category = MessageCategory.objects.create(name="咨询", slug="ask")
    Message.objects.bulk_create(
        [
            Message(
                number=f"LY{n}", query_code_hash="x", category=category, name="读者",
                contact="c", subject=f"留言{n}", content="请问开发区的政策。",
                state="approved", agree_to_publish=True, reply="" if n % 3 else "已答复。",
                created_at=now - timedelta(days=n),
            )
            for n in range(300)
        ]
    )  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    from health import services

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    media = tempfile.mkdtemp(prefix="bench-health-")
    try:
        with override_settings(
            MEDIA_ROOT=media,
            ALLOWED_HOSTS=["testserver"],
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            started = time.perf_counter()
            generate()
            print(
                f"{connection.vendor}, {ARTICLES} articles, {WORDS} list entries "
                f"(generated in {time.perf_counter() - started:.0f} s)"
            )
            for run_number in range(RUNS):
                clock, cpu = time.perf_counter(), time.process_time()
                run = services.run()
                wall, cpu = time.perf_counter() - clock, time.process_time() - cpu
                counts = {c["key"]: c["count"] for c in run.report["checks"]}
                print(
                    f"run {run_number + 1}: {wall:.1f} s in all ({cpu:.1f} s CPU of this "
                    f"process, load average {os.getloadavg()[0]:.1f}); "
                    f"parts {run.report['timings']}; "
                    f"found {counts}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

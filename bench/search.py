"""Search benchmark: 100,000 generated articles in PostgreSQL, p50/p95 of 20 queries.

    make bench-search                    # DATABASE_URL defaults to the portal_bench database
    BENCH_ARTICLES=20000 make bench-search
    BENCH_REUSE=1 make bench-search      # keep the articles and index of the last run

The timed part is what the results view does for a query: parse, fetch the ordered ids
(title tier first; the count comes from them), load the page's articles and build the
highlighted snippets. Afterwards every query is checked against a brute-force scan
(BENCH_CHECK=0 skips it).
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Case, Q, Value, When  # noqa: E402
from django.db.models.functions import StrIndex  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, ArticleTag, Channel, Source  # noqa: E402
from search import signals  # noqa: E402
from search.query import (  # noqa: E402
    COUNT_CAP,
    LOOKAHEAD,
    PAGE_SIZE,
    base_queryset,
    parse_query,
    reset_stats,
    run_search,
)
from search.text import html_to_text, snippet  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
BATCH = 2000

# Weighted vocabulary: a few very frequent words, many ordinary ones, some rare ones.
FREQUENT = [
    "发展",
    "合作",
    "建设",
    "企业",
    "项目",
    "经济",
    "推进",
    "工作",
    "园区",
    "创新",
    "产业",
    "服务",
    "开发区",
    "管委会",
    "提升",
]
COMMON = [
    "高质量发展",
    "营商环境",
    "招商引资",
    "科技创新",
    "产业集群",
    "数字经济",
    "绿色低碳",
    "改革开放",
    "对外开放",
    "党建引领",
    "乡村振兴",
    "基础设施",
    "重点项目",
    "安全生产",
    "人才引进",
    "创新驱动",
    "转型升级",
    "新质生产力",
    "制造业",
    "服务业",
    "新能源",
    "新材料",
    "生物医药",
    "集成电路",
    "人工智能",
    "智能制造",
    "现代物流",
    "跨境电商",
    "会议",
    "调研",
    "座谈",
    "签约",
    "落地",
    "开工",
    "投产",
    "达产",
    "考察",
    "交流",
    "部署",
    "学习",
    "贯彻",
    "落实",
    "推动",
    "加快",
    "深化",
    "优化",
    "完善",
    "加强",
    "坚持",
    "围绕",
    "聚焦",
    "统筹",
    "协调",
    "保障",
    "支持",
    "引导",
    "培育",
    "打造",
    "构建",
    "国家级",
    "省级",
    "市级",
    "区域",
    "城市",
    "协会",
    "会员单位",
    "专家",
    "领导",
    "干部",
    "群众",
    "企业家",
    "经济技术开发区",
    "高新技术产业开发区",
    "经开区",
    "高新区",
    "综合保税区",
    "自由贸易试验区",
    "年度",
    "季度",
    "目标",
    "任务",
    "指标",
    "成效",
    "成果",
    "经验",
    "问题",
    "措施",
    "政策",
    "规划",
    "方案",
    "机制",
    "体系",
]
# The long tail. Mid-frequency terms: each in about MID_SHARE of the articles (readers
# search for these too, and they are the hardest case: too many for the index alone,
# too few to find quickly by walking newest first). Rare terms: each in about
# RARE_SHARE of the articles.
MID = [
    "低空经济",
    "工业互联网标识解析",
    "海洋牧场",
    "碳足迹核算",
    "氢能源汽车",
    "菏泽",
    "满洲里",
    "二连浩特",
]
MID_SHARE = 0.03
RARE = ["量子通信", "霍尔果斯", "喀什", "凭祥", "瑞丽", "东兴", "珲春", "绥芬河"]
RARE_SHARE = 0.0005
LATIN = ["5G", "GDP", "2020", "2021", "2022", "2023", "2024", "Heze", "RCEP", "AI", "IPO"]
PUNCT = ["，", "，", "，", "。", "、", "；"]
SOURCES = ["中国开发区协会", "开发区导报", "经济日报", "人民网", "新华社", "地方园区"]
TAGS = ["招商", "营商环境", "党建", "科技创新", "开放", "绿色发展", "数字化", "人才"]


POOL = FREQUENT * 12 + COMMON * 2 + LATIN


def words(rng, count):
    return rng.choices(POOL, k=count)


def tail_words(rng):
    """The mid-frequency and rare words one article mentions (usually none)."""
    chosen = [word for word in MID if rng.random() < MID_SHARE]
    if rng.random() < RARE_SHARE * len(RARE):
        chosen.append(rng.choice(RARE))
    return chosen


def insert_word(rng, text, word):
    at = rng.randrange(len(text) + 1)
    return text[:at] + word + text[at:]


def sentence(rng, count):
    parts = words(rng, count)
    text = ""
    for i, word in enumerate(parts):
        text += word
        if i % 4 == 3:
            text += rng.choice(PUNCT)
    return text.rstrip("，、；") + "。"


def generate(total):
    rng = random.Random(2024)
    channels = [
        Channel.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("news", "协会动态"), ("zones", "园区动态"), ("policy", "政策法规")]
    ]
    sources = [Source.objects.get_or_create(name=name)[0] for name in SOURCES]
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"t{i}"})[0]
        for i, name in enumerate(TAGS)
    ]
    now = timezone.now()
    done = 0
    started = time.perf_counter()
    while done < total:
        batch = []
        for _ in range(min(BATCH, total - done)):
            paragraphs = [sentence(rng, rng.randint(35, 55)) for _p in range(4)]
            title = "".join(words(rng, rng.randint(3, 6)))
            for word in tail_words(rng):
                if rng.random() < 0.05:
                    title = insert_word(rng, title, word)
                i = rng.randrange(len(paragraphs))
                paragraphs[i] = insert_word(rng, paragraphs[i], word)
            status = Article.Status.PUBLISHED
            roll = rng.random()
            publish_at = now - datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 365 * 5))
            if roll < 0.01:
                status = Article.Status.DRAFT
            elif roll < 0.02:
                status = Article.Status.WITHDRAWN
            elif roll < 0.03:
                publish_at = now + datetime.timedelta(days=rng.randint(1, 30))
            batch.append(
                Article(
                    title=title,
                    summary=paragraphs[0][:60],
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                    channel=rng.choice(channels),
                    source=rng.choice(sources),
                    status=status,
                    publish_at=publish_at,
                )
            )
        created = Article.objects.bulk_create(batch)
        ArticleTag.objects.bulk_create(
            [
                ArticleTag(content_object=article, tag=tag)
                for article in created
                for tag in rng.sample(tags, rng.randint(0, 2))
            ]
        )
        done += len(created)
        print(f"\r  articles: {done}/{total}", end="", flush=True)
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return channels


QUERIES = [
    ("frequent 2-char", "发展", {}),
    ("frequent 2-char", "合作", {}),
    ("frequent 3-char", "开发区", {}),
    ("4-char phrase", "高质量发展", {}),
    ("4-char phrase", "营商环境", {}),
    ("4-char phrase", "党建引领", {}),
    ("mid-frequency phrase", "低空经济", {}),
    ("mid-frequency phrase", "工业互联网标识解析", {}),
    ("mid-frequency place", "菏泽", {}),
    ("rare phrase", "量子通信", {}),
    ("rare place", "霍尔果斯", {}),
    ("synonym", "经开区", {}),
    ("mixed zh/Latin", "Heze 2020", {}),
    ("mixed zh/Latin", "5G 智能制造", {}),
    ("two terms", "开发区 招商引资", {}),
    ("no match", "不存在的词语", {}),
    ("filtered: channel", "合作", {"channel": "policy"}),
    ("filtered: 30 days", "项目", {"days": 30}),
    ("page 10, frequent", "发展", {"page": 10}),
    ("page 10, mid-frequency", "海洋牧场", {"page": 10}),
]


def run_query(q, options, channels_by_slug):
    parsed = parse_query(q)
    result = run_search(
        parsed.terms, _scope(options, channels_by_slug), page=options.get("page", 1)
    )
    articles = (
        Article.objects.published().filter(pk__in=result.ids).select_related("channel", "source")
    )
    for article in articles:
        snippet(html_to_text(article.body), parsed.needles)
    return result


def brute_force_sql(q, options, channels_by_slug):
    """Up to COUNT_CAP + 1 ids in result order, by scanning every entry's text (no GIN,
    no plan choice, no copied time): what the search must return at full scale."""
    parsed = parse_query(q)
    scope = _scope(options, channels_by_slug)
    queryset, in_text, in_title = scope.articles, Q(), Q()
    for i, term in enumerate(parsed.terms):
        text_any, title_any = Q(), Q()
        for j, alternative in enumerate(term.alternatives):
            needle = Value(alternative.encoded)
            queryset = queryset.alias(
                **{
                    f"t{i}_{j}": StrIndex("search_entry__text", needle),
                    f"h{i}_{j}": StrIndex("search_entry__title", needle),
                }
            )
            text_any |= Q(**{f"t{i}_{j}__gt": 0})
            title_any |= Q(**{f"h{i}_{j}__gt": 0})
        in_text &= text_any
        in_title &= title_any
    ranked = queryset.filter(in_text).annotate(
        tier=Case(When(in_title, then=Value(1)), default=Value(0))
    )
    ordered = ranked.order_by("-tier", "-publish_at", "-pk").values_list("pk", flat=True)
    return list(ordered[: COUNT_CAP + 1])


def check_sample(channels_by_slug, size=2000):
    """Search within a random sample of articles and compare with a plain Python scan of
    their fields (tests/search/test_equivalence.py): checks the stored text itself."""
    from tests.search.test_equivalence import brute_force, documents

    rng = random.Random(7)
    ids = list(Article.objects.values_list("pk", flat=True))
    sample = rng.sample(ids, min(size, len(ids)))
    docs = documents(Article.objects.filter(pk__in=sample))
    mismatches = 0
    for _label, q, options in QUERIES:
        if options:
            continue
        scope = base_queryset()
        scope.articles = scope.articles.filter(pk__in=sample)
        found = run_search(parse_query(q).terms, scope, page_size=COUNT_CAP).ids
        expected = brute_force(docs, q)[:COUNT_CAP]
        if found != expected:
            mismatches += 1
            print(f"  MISMATCH (sample) {q}: {len(found)} found, {len(expected)} expected")
    return mismatches


def _scope(options, channels_by_slug):
    channel = channels_by_slug.get(options.get("channel"))
    start = timezone.now() - datetime.timedelta(days=options["days"]) if "days" in options else None
    return base_queryset([channel.pk] if channel else None, start, None)


def main():
    print(f"Database: {connection.settings_dict['NAME']} ({connection.vendor})")
    call_command("migrate", verbosity=0)
    if not os.environ.get("BENCH_REUSE"):
        post_save.disconnect(dispatch_uid="search_article_saved", sender=Article)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE search_searchentry, articles_articletag, articles_article_topics, "
                "articles_article CASCADE"
            )
        print(f"Generating {ARTICLES} articles …")
        generate(ARTICLES)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
            cursor.execute("ANALYZE articles_articletag")
        started = time.perf_counter()
        call_command("rebuild_search_index", "--drop-index", batch_size=1000)
        print(f"  index built in {time.perf_counter() - started:.0f} s")
    reset_stats()
    channels_by_slug = {c.slug: c for c in Channel.objects.all()}
    rows = []
    for label, q, options in QUERIES:
        for _ in range(2):
            result = run_query(q, options, channels_by_slug)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            run_query(q, options, channels_by_slug)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        count = f"{result.count}+" if result.capped else str(result.count)
        rows.append(
            (label, q + (f" {options}" if options else ""), count, statistics.median(times), p95)
        )
    print()
    print("| query | terms | results | p50 ms | p95 ms |")
    print("|---|---|---:|---:|---:|")
    for label, q, count, p50, p95 in rows:
        print(f"| {label} | {q} | {count} | {p50:.1f} | {p95:.1f} |")
    all_p95 = max(row[4] for row in rows)
    print(f"\nWorst p95: {all_p95:.1f} ms over {len(rows)} queries, {RUNS} runs each.")
    print(f"Load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if os.environ.get("BENCH_CHECK", "1") != "0":
        print("Checking every query against a full scan, and a sample against Python …")
        mismatches = 0
        for _label, q, options in QUERIES:
            result = run_search(parse_query(q).terms, _scope(options, channels_by_slug), page=1)
            expected = brute_force_sql(q, options, channels_by_slug)
            count = min(len(expected), (1 + LOOKAHEAD) * PAGE_SIZE)
            if (result.ids, result.count) != (expected[:PAGE_SIZE], count):
                mismatches += 1
                print(f"  MISMATCH {q} {options}: count {result.count}, expected {count}")
            page = options.get("page", 1)
            if page > 1:
                paged = run_search(
                    parse_query(q).terms, _scope(options, channels_by_slug), page=page
                )
                window = expected[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
                if paged.ids != window:
                    mismatches += 1
                    print(f"  MISMATCH {q} page {page}")
        mismatches += check_sample(channels_by_slug)
        print("Results identical to brute force." if not mismatches else f"{mismatches} MISMATCHES")
        if mismatches:
            sys.exit(1)
    _ = signals


if __name__ == "__main__":
    main()

"""Our side of the Wagtail anchor benchmark: load its corpus into our models, write the manifest.

    .venv/bin/python bench/anchor_site.py load       # database named by DATABASE_URL
    .venv/bin/python bench/anchor_site.py manifest var/bench/manifest.json
    .venv/bin/python bench/anchor_site.py weights var/bench/manifest.json

The corpus is the anchor's own `corpus.py` (`article(n, seed)`): 4 channels of
ARTICLES / 4 articles, the same titles, dates, sources, intros, ~3 KB bodies and 2-3 tags,
inserted in bulk (articles, tags, search index), then ANALYZE as autovacuum would.
Loading is skipped when the database already holds this exact data set.

The manifest names its targets like the anchor's (home, section, section_p50, article,
search) plus search_zh (a 2-character Chinese word, which Wagtail's search cannot find),
and its expectations come from the corpus, not from the database.
"""

import datetime
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)


def find_anchor():
    """The anchor harness: $ANCHOR, or shared/anchors/wagtail in the nearest folder above
    the project that has it (../shared beside the clone in CI)."""
    if os.environ.get("ANCHOR"):
        return Path(os.environ["ANCHOR"]).resolve()
    for parent in ROOT.parents:
        candidate = parent / "shared" / "anchors" / "wagtail"
        if candidate.is_dir():
            return candidate
    raise SystemExit("the anchor harness (../shared/anchors/wagtail) was not found: set ANCHOR")


ANCHOR = find_anchor()
ARTICLES = int(os.environ.get("ARTICLES", "20000"))
SEED = int(os.environ.get("SEED", "1"))
SECTION_PAGE = int(os.environ.get("SECTION_PAGE", "50"))
LATIN_QUERY = "GDP"
CHINESE_QUERY = "上海"  # a place name in headlines: a frequent 2-character word
PAGE_SIZE = 20  # articles a section page lists (articles.views.PAGE_SIZE)
# How a search result starts in the page (templates/search/results.html): one per result.
RESULT_MARK = "<li><h2>"


def corpus():
    spec = importlib.util.spec_from_file_location(
        "anchor_corpus", ANCHOR / "project" / "news" / "corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The corpus spaces its articles 50 minutes apart from a fixed start, so a large one runs
# into the future, where our site (rightly) shows nothing yet: Wagtail's pages ignore the
# date. Every date moves back by the same whole number of days, so that the newest article
# is older than this fixed moment (no shift at 20,000 articles); the order stays the same.
NEWEST_AT_MOST = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


def date_shift(c):
    newest = c.article(ARTICLES, SEED)["date"]
    days = max(0, -(-(newest - NEWEST_AT_MOST) // datetime.timedelta(days=1)))
    return datetime.timedelta(days=days)


def _setup():
    import django

    django.setup()


def marker():
    days = date_shift(corpus()).days
    return f"anchor corpus: articles={ARTICLES} seed={SEED}" + (f" shifted={days}d" if days else "")


def load():
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from taggit.models import Tag

    from articles.models import Article, ArticleTag, Channel, HomeBlock, Source
    from portal.models import NavItem, SiteSettings
    from search.index import create_gin_index, drop_gin_index, index_articles
    from search.models import SearchEntry

    call_command("migrate", "--noinput", verbosity=0)
    settings_row = SiteSettings.objects.filter(pk=1).first()
    loaded = settings_row and settings_row.description == marker()
    if loaded and Article.objects.count() == ARTICLES:
        print(f"database already holds the {marker()}: reusing it")
        return
    c = corpus()
    started = time.monotonic()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        ArticleTag.objects.all().delete()
        Article.objects.all().delete()
        HomeBlock.objects.all().delete()
        NavItem.objects.all().delete()
        Channel.objects.all().delete()
        channels = [
            Channel.objects.create(name=title, slug=slug, description=intro, order=i)
            for i, (slug, title, intro) in enumerate(c.SECTIONS)
        ]
        for channel in channels:
            HomeBlock.objects.create(channel=channel, count=6, order=channel.order)
            NavItem.objects.create(
                title=channel.name, target=f"articles.channel:{channel.pk}", order=channel.order
            )
        sources = {s.name: s for s in Source.objects.all()}
        for name in c.SOURCES:
            if name not in sources:
                sources[name] = Source.objects.create(name=name)
        tags = {t.name: t for t in Tag.objects.all()}
        for i, name in enumerate(c.TAGS):
            if name not in tags:
                tags[name] = Tag.objects.create(name=name, slug=f"tag-{i}")
        SiteSettings.objects.update_or_create(
            pk=1, defaults={"site_name": "中国开发区协会", "description": marker()}
        )
        drop_gin_index()
        batch, tag_rows = [], []
        shift = date_shift(c)
        for n in range(1, ARTICLES + 1):
            a = c.article(n, SEED)
            batch.append(
                Article(
                    title=a["title"],
                    channel=channels[n % len(channels)],
                    source=sources[a["source"]],
                    summary=a["intro"],
                    body=a["body"],
                    status=Article.Status.PUBLISHED,
                    publish_at=a["date"] - shift,
                )
            )
            tag_rows.append(a["tags"])
            if len(batch) == 2000:
                _insert(batch, tag_rows, tags, Article, ArticleTag)
                batch, tag_rows = [], []
        if batch:
            _insert(batch, tag_rows, tags, Article, ArticleTag)
        for _done in index_articles(Article.objects.all(), batch_size=1000):
            pass
        create_gin_index()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as the anchor: index-only scans need it
    print(f"loaded {ARTICLES} articles in {time.monotonic() - started:.0f} s")


def _insert(batch, tag_rows, tags, Article, ArticleTag):
    created = Article.objects.bulk_create(batch)  # Article.save() is skipped: bodies are clean
    ArticleTag.objects.bulk_create(
        [
            ArticleTag(content_object_id=article.pk, tag=tags[name])
            for article, names in zip(created, tag_rows, strict=True)
            for name in names
        ]
    )


def manifest(path):
    _setup()
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone

    from articles.models import Article
    from search.query import PAGE_SIZE as RESULTS

    c = corpus()
    sections = len(c.SECTIONS)

    def title(n):
        return c.article(n, SEED)["title"]

    pk_of = dict(Article.objects.values_list("title", "pk"))
    newest = list(range(ARTICLES, 0, -1))
    section_slug = c.SECTIONS[0][0]
    in_section = [n for n in newest if n % sections == 0]
    pages = -(-len(in_section) // PAGE_SIZE)
    page = min(SECTION_PAGE, pages)
    on_page = in_section[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    art_n = (ARTICLES // 2) - (ARTICLES // 2) % sections
    art = c.article(art_n, SEED)
    first_par = art["body"].split("</p>")[0].removeprefix("<p>")
    latin_hits = [n for n in newest if c.article(n, SEED)["keyword"] == LATIN_QUERY]
    targets = [
        {"name": "home", "path": "/", "expect": [title(newest[0]), title(newest[1])]},
        {
            "name": "section",
            "path": f"/channels/{section_slug}/",
            "expect": [
                title(in_section[0]),
                title(in_section[PAGE_SIZE - 1]),
                '<span aria-current="page">1</span>',
                f'href="?page={pages}"',
            ],
        },
        {
            "name": f"section_p{SECTION_PAGE}",
            "path": f"/channels/{section_slug}/?page={page}",
            "expect": [
                title(on_page[0]),
                title(on_page[-1]),
                f'<span aria-current="page">{page}</span>',
            ],
        },
        {
            "name": "article",
            "path": f"/articles/{pk_of[art['title']]}/",
            "expect": [
                art["title"],
                art["source"],
                first_par,
                # as the article page shows it: local time, the `date` filter's format
                date_filter(timezone.localtime(art["date"] - date_shift(c)), "Y年m月d日 H:i"),
                *art["tags"],
            ],
        },
        {
            "name": "search",
            "path": f"/search/?q={LATIN_QUERY}",
            # Ranked by relevance, so no particular title is sure to be on the first page.
            "expect_count": {RESULT_MARK: min(RESULTS, len(latin_hits))},
        },
        {
            "name": "search_zh",
            "path": f"/search/?q={quote(CHINESE_QUERY)}",
            "expect_count": {RESULT_MARK: RESULTS},
        },
    ]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        json.dump({"app": "ours", "targets": targets}, f, ensure_ascii=False, indent=1)
    print(f"wrote {path} ({len(targets)} targets)")


def query_counts(path):
    """SQL queries per manifest URL (second request, as a warm worker pays), like the
    anchor's `query_counts`; prints one JSON object on the last line."""
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with open(path) as f:
        targets = json.load(f)["targets"]
    client = Client()
    out = {}
    for t in targets:
        counts = []
        for _i in range(2):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(t["path"], headers={"host": "127.0.0.1"})
            counts.append(len(ctx.captured_queries))
        out[t["name"]] = {"status": response.status_code, "first": counts[0], "repeat": counts[1]}
    print(json.dumps(out))


def weights(path):
    """Bytes of HTML of each manifest page as the cache-off row gets them (its address, the
    hashed static names of `collectstatic`; the second request, as a warm worker renders
    it), without the load test, and whether the manifest's checks pass; prints one JSON
    object on the last line. With the site's environment of a `make bench` run:

        set -a; . var/bench/site.env; set +a
        PAGE_CACHE_SECONDS=0 .venv/bin/python bench/anchor_site.py weights var/bench/manifest.json
    """
    _setup()
    from django.test import Client

    with open(path) as f:
        targets = json.load(f)["targets"]
    client = Client(headers={"host": "127.0.0.1:8011"})  # bench/anchor-servers.json
    out = {}
    for t in targets:
        client.get(t["path"])
        text = client.get(t["path"]).content.decode()
        passed = all(s in text for s in t.get("expect", [])) and all(
            text.count(s) == n for s, n in t.get("expect_count", {}).items()
        )
        out[t["name"]] = {"bytes": len(text.encode()), "checks": "ok" if passed else "FAIL"}
        print(
            f"{t['name']:12} {out[t['name']]['bytes']:7,} bytes  checks {out[t['name']]['checks']}"
        )
    print(json.dumps(out))


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["load"]
    {"load": load, "manifest": manifest, "queries": query_counts, "weights": weights}[command](
        *args
    )

"""A million articles for the search benchmark, written by PostgreSQL, and the checks.

Importable once Django is set up (bench/search.py runs it; tests/search/test_bench.py
runs it on a few hundred articles).

Generating: the demo's own newsroom prose (`articles.demo_text`, written with many
seeds) is cut into paragraphs; each paragraph and title is normalised, encoded and
tokenised ONCE in Python by the search app's own functions, and copied into small
work tables. A plan (which paragraphs, title, source, channel, status and time each
article gets; long-tail words spliced in at set shares) is drawn in Python and copied
in with COPY. PostgreSQL then writes the articles (HTML bodies) and their search
entries (the same text and tokens the indexer would write: a paragraph never shares a
token with the next one, since `html_to_text` puts a line break between them) with
`INSERT … SELECT`, joining the plan to the paragraphs: no ORM object per article, no
Python tokenising per article. `check_entries` proves, on a random sample, that every
entry equals what `search.index.build_entry` writes for its article.

Checking: `brute_force` answers a query with the ORM's `LIKE '%…%'` scan of the
articles' own fields (visible articles through `Article.objects.published()`, title
matches first, then newest first), with no index, no tokens and no entry involved.
"""

import datetime
import json
import os
import random
import re
import statistics
import time
from pathlib import Path

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from articles import demo, demo_text
from articles.models import Article, Channel, Source
from portal import generation
from search.index import (
    TITLE_MARK,
    build_entry,
    create_gin_index,
    drop_gin_index,
    tsvector_literal,
)
from search.index import indexable as indexable_articles
from search.models import GIN_INDEX_NAME, SearchEntry
from search.query import (
    LOOKAHEAD,
    PAGE_SIZE,
    base_queryset,
    parse_query,
    reset_stats,
    run_search,
)
from search.text import document_tokens, encode, html_to_text, normalize, snippet

# The long tail, spliced into generated paragraphs: (word, share of articles).
TAIL = [
    ("低空经济", 0.03),
    ("工业互联网标识解析", 0.03),
    ("海洋牧场", 0.03),
    ("碳足迹核算", 0.03),
    ("菏泽", 0.03),
    ("满洲里", 0.03),
    ("二连浩特", 0.03),
    ("量子通信", 0.0005),
    ("霍尔果斯", 0.0005),
    ("绥芬河", 0.0005),
    ("喀什", 0.0005),
    ("珲春", 0.0005),
]
TITLE_SHARE = 0.05  # of the articles with a tail word, those with it in the title too
SOURCES = ["中国开发区协会", "开发区导报", "经济日报", "人民网", "新华社", "地方园区"]
CHANNELS = [("news", "协会动态"), ("zones", "园区动态"), ("policy", "政策法规")]
PARAGRAPH = re.compile(r"<p>([^<>]{12,})</p>")

# (class, query, options): 2-, 3- and 4-character terms, common / mid-frequency / rare,
# phrases, several terms, a synonym, filters and a deep page. CHECKED: the brute-force
# sample (each is a full scan of the article table).
QUERIES = [
    ("2-char common", "发展", {}),
    ("2-char common", "企业", {}),
    ("2-char mid", "菏泽", {}),
    ("2-char rare", "喀什", {}),
    ("2-char rare", "珲春", {}),
    ("3-char common", "开发区", {}),
    ("3-char mid", "满洲里", {}),
    ("3-char rare", "绥芬河", {}),
    ("4-char common", "营商环境", {}),
    ("4-char mid", "低空经济", {}),
    ("4-char mid", "海洋牧场", {}),
    ("4-char rare", "量子通信", {}),
    ("4-char rare", "霍尔果斯", {}),
    ("phrase common", "高质量发展", {}),
    ("phrase mid", "工业互联网标识解析", {}),
    ("phrase, no match", "不存在的词语", {}),
    ("two terms", "开发区 招商引资", {}),
    ("synonym", "经开区", {}),
    ("filtered: channel, 30 days", "项目", {"channel": "policy", "days": 30}),
    ("page 10, common", "发展", {"page": 10}),
]
CHECKED = ["企业", "喀什", "满洲里", "绥芬河", "低空经济", "量子通信", "工业互联网标识解析"]
CHECKED += ["不存在的词语", "开发区 招商引资", "经开区", "项目"]


# --- the corpus --------------------------------------------------------------------------


def corpus(seeds):
    """(paragraphs, titles) of the demo's prose written with `seeds` seeds, deduplicated."""
    paragraphs, titles = {}, {}
    for seed in range(seeds):
        writer = demo_text.Writer(random.Random(seed))
        for spec in demo._article_specs(writer):
            titles.setdefault(spec["title"], None)
            if "write" in spec:
                for text in PARAGRAPH.findall(spec["write"]("")):
                    paragraphs.setdefault(text, None)
    return list(paragraphs), list(titles)


def _splice(rng, text, word):
    """`word` after a random comma (or at the start): a place or subject named in passing."""
    commas = [m.end() for m in re.finditer("，", text)]
    at = rng.choice(commas) if commas else 0
    return text[:at] + word + text[at:]


def _entry_parts(text):
    normalised = normalize(text)
    tokens = sorted(document_tokens(normalised))
    return encode(normalised), tsvector_literal(tokens), tokens


def _copy(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_corpus(cursor, rng, seeds):
    """Work tables of paragraphs, titles and sources, each encoded and tokenised once."""
    paragraphs, titles = corpus(seeds)
    cursor.execute(
        "DROP TABLE IF EXISTS bench_para, bench_title, bench_source, bench_plan;"
        "CREATE UNLOGGED TABLE bench_para (id int PRIMARY KEY, raw text, enc text, vec tsvector);"
        "CREATE UNLOGGED TABLE bench_title "
        "(id int PRIMARY KEY, raw text, enc text, vec tsvector, tvec tsvector);"
        "CREATE UNLOGGED TABLE bench_source (id bigint PRIMARY KEY, enc text, vec tsvector);"
        "CREATE UNLOGGED TABLE bench_plan (id bigint PRIMARY KEY, paras int[], title int, "
        "source bigint, channel bigint, status text, publish_at timestamptz)"
    )
    tail_paras, tail_titles = {}, {}
    for word, _share in TAIL:
        tail_paras[word] = [_splice(rng, rng.choice(paragraphs), word) for _ in range(64)]
        tail_titles[word] = [f"{word}：{rng.choice(titles)}"[:200] for _ in range(16)]
    all_paras = paragraphs + [p for word, _s in TAIL for p in tail_paras[word]]
    all_titles = titles + [t for word, _s in TAIL for t in tail_titles[word]]

    def para_rows():
        for i, raw in enumerate(all_paras, 1):
            enc, vec, _tokens = _entry_parts(raw)
            yield (i, raw, enc, vec)

    def title_rows():
        for i, raw in enumerate(all_titles, 1):
            enc, vec, tokens = _entry_parts(raw)
            yield (i, raw, enc, vec, tsvector_literal(TITLE_MARK + t for t in tokens))

    _copy(cursor, "bench_para", ["id", "raw", "enc", "vec"], para_rows())
    _copy(cursor, "bench_title", ["id", "raw", "enc", "vec", "tvec"], title_rows())
    sources = [Source.objects.get_or_create(name=name)[0] for name in SOURCES]
    _copy(
        cursor,
        "bench_source",
        ["id", "enc", "vec"],
        ((s.pk, *_entry_parts(s.name)[:2]) for s in sources),
    )
    first_para = len(paragraphs) + 1
    first_title = len(titles) + 1
    tails = {}
    for k, (word, _share) in enumerate(TAIL):
        tails[word] = (first_para + 64 * k, first_title + 16 * k)
    return len(paragraphs), len(titles), tails, sources


def plan_rows(rng, total, n_paras, n_titles, tails, sources, channels, now):
    """What each article is made of: drawn here (seeded), composed by PostgreSQL."""
    tail_of = {}
    for word, share in TAIL:
        count = max(1, round(total * share)) if total >= 1 / share else rng.random() < share
        for index in rng.sample(range(total), int(count)):
            tail_of.setdefault(index, []).append(word)
    source_ids = [s.pk for s in sources]
    channel_ids = [c.pk for c in channels]
    minutes = 60 * 24 * 365 * 5
    for index in range(total):
        paras = [1 + int(rng.random() * n_paras) for _ in range(4 + index % 5)]
        title = 1 + int(rng.random() * n_titles)
        for word in tail_of.get(index, ()):
            para0, title0 = tails[word]
            paras.insert(int(rng.random() * len(paras)), para0 + int(rng.random() * 64))
            if rng.random() < TITLE_SHARE:
                title = title0 + int(rng.random() * 16)
        roll = rng.random()
        status = Article.Status.PUBLISHED
        publish_at = now - datetime.timedelta(minutes=10 + int(rng.random() * minutes))
        if roll < 0.01:
            status = Article.Status.DRAFT
        elif roll < 0.02:
            status = Article.Status.WITHDRAWN
        elif roll < 0.03:
            publish_at = now + datetime.timedelta(days=1 + int(rng.random() * 30))
        yield (
            index + 1,
            "{" + ",".join(map(str, paras)) + "}",
            title,
            source_ids[index % len(source_ids)],
            channel_ids[int(rng.random() * len(channel_ids))],
            status,
            publish_at,
        )


ARTICLE_SQL = """
INSERT INTO articles_article (
    id, title, subtitle, author, cover, summary, body, status, publish_at, is_pinned,
    view_count, created_at, updated_at, channel_id, source_id, cover_large, cover_medium,
    cover_small, headline_position, publish_time_chosen, review_note, summary_auto, version)
SELECT p.id, t.raw, '', '', '', '', b.body, p.status, p.publish_at, false,
    0, now(), now(), p.channel, p.source, '', '', '', 0, false, '', true, 1
FROM bench_plan p JOIN bench_title t ON t.id = p.title,
LATERAL (
    SELECT string_agg('<p>' || x.raw || '</p>', '' ORDER BY u.o) AS body
    FROM unnest(p.paras) WITH ORDINALITY u(id, o) JOIN bench_para x ON x.id = u.id
) b
WHERE p.id BETWEEN %s AND %s
"""

# The entry as search.index.build_entry writes it: the normalised fields joined by line
# breaks (html_to_text makes each paragraph a line; normalize turns those into single
# spaces), every token of the text, and the title's tokens again with the title mark.
ENTRY_SQL = """
INSERT INTO search_searchentry (article_id, title, text, vector, updated_at, publish_at)
SELECT p.id, t.enc, t.enc || E'\\n ' || b.text || E' \\n' || s.enc,
    t.vec || t.tvec || b.vec || s.vec, now(), p.publish_at
FROM bench_plan p JOIN bench_title t ON t.id = p.title JOIN bench_source s ON s.id = p.source,
LATERAL (
    SELECT string_agg(x.enc, ' ' ORDER BY u.o) AS text, bench_tsvector_agg(x.vec) AS vec
    FROM unnest(p.paras) WITH ORDINALITY u(id, o) JOIN bench_para x ON x.id = u.id
) b
WHERE p.id BETWEEN %s AND %s
"""


def generate(total, seed=2024, seeds=None, chunk=100_000, say=print):
    """Replace every article with `total` generated ones and their search entries (no
    GIN index: `build_index` makes it). Returns the timings in seconds."""
    rng = random.Random(seed)
    seeds = seeds or (200 if total >= 100_000 else 20)
    timings = {}
    started = time.perf_counter()
    channels = [
        Channel.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in CHANNELS
    ]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_build")
        cursor.execute(
            "TRUNCATE search_searchentry, articles_articletag, articles_article_topics, "
            "articles_article RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "CREATE OR REPLACE AGGREGATE bench_tsvector_agg(tsvector) "
            "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
        )
        n_paras, n_titles, tails, sources = load_corpus(cursor, rng, seeds)
        say(f"  corpus: {n_paras} paragraphs, {n_titles} titles ({seeds} demo seeds)")
        now = timezone.now()
        rows = plan_rows(rng, total, n_paras, n_titles, tails, sources, channels, now)
        _copy(
            cursor,
            "bench_plan",
            ["id", "paras", "title", "source", "channel", "status", "publish_at"],
            rows,
        )
        cursor.execute("ANALYZE bench_plan")
        timings["plan"] = time.perf_counter() - started
        say(f"  plan of {total} articles copied in {timings['plan']:.0f} s")
        drop_gin_index()
        for name, sql in (("articles", ARTICLE_SQL), ("entries", ENTRY_SQL)):
            started = time.perf_counter()
            for low in range(1, total + 1, chunk):
                cursor.execute(sql, [low, min(total, low + chunk - 1)])
                say(f"\r  {name}: {min(total, low + chunk - 1)}/{total}", end="")
            timings[name] = time.perf_counter() - started
            say(f"  ({timings[name]:.0f} s)")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [total]
        )
        cursor.execute("DROP TABLE bench_para, bench_title, bench_source, bench_plan")
        cursor.execute("ANALYZE articles_article")
    return timings


def build_index():
    """The GIN index built in one pass (as `rebuild_search_index --drop-index` does), then
    ANALYZE: seconds taken."""
    started = time.perf_counter()
    drop_gin_index()
    create_gin_index()
    reset_stats()
    return time.perf_counter() - started


# The steps of a run, in the order they happen (a reused run reads them back unordered).
STEPS = [
    "plan drawn and copied (Python, COPY)",
    "articles written (SQL)",
    "search entries written (SQL)",
    "GIN index built, ANALYZE",
    "VACUUM ANALYZE",
]


def save_timings(timings):
    """Kept in the benchmark's database, so a later BENCH_REUSE run reports them too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS bench_build; CREATE TABLE bench_build (timings jsonb);"
            "INSERT INTO bench_build VALUES (%s::jsonb)",
            [json.dumps(timings)],
        )


def saved_timings():
    """The timings of the run that built the data, or None when there is no such run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_build'), to_regclass(%s)", [GIN_INDEX_NAME])
        if None in cursor.fetchone():
            return None
        cursor.execute("SELECT timings::text FROM bench_build")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def sizes():
    """Bytes on disk (with TOAST and indexes where said) of the tables and indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('articles_article'), "
            "pg_relation_size('search_entry_vector_gin'), "
            "pg_relation_size('search_entry_order_idx'), "
            "pg_table_size('search_searchentry'), "
            "pg_total_relation_size('search_searchentry')"
        )
        article, gin, order, entry_table, entry_total = cursor.fetchone()
    return {
        "articles (table, TOAST, indexes)": article,
        "search entries (table and TOAST)": entry_table,
        "GIN index": gin,
        "publication-time index": order,
        "search, all (entries and indexes)": entry_total,
    }


# --- checks ------------------------------------------------------------------------------


def check_entries(sample=300, seed=7, ids=None):
    """Entries written by SQL equal what the search app's indexer writes, on a sample
    (or on `ids`): (checked, mismatching article ids)."""
    ids = _sample_ids(sample, seed) if ids is None else ids
    wrong = []
    stored = {e.article_id: e for e in SearchEntry.objects.filter(article_id__in=ids)}
    with connection.cursor() as cursor:
        for article in indexable_articles(Article.objects.filter(pk__in=ids)):
            built = build_entry(article)
            entry = stored.get(article.pk)
            same_vector = False
            if entry is not None:
                cursor.execute(
                    "SELECT %s::tsvector = vector FROM search_searchentry WHERE article_id = %s",
                    [built.vector, article.pk],
                )
                same_vector = cursor.fetchone()[0]
            if (
                entry is None
                or not same_vector
                or (entry.title, entry.text)
                != (
                    built.title,
                    built.text,
                )
            ):
                wrong.append(article.pk)
    return len(ids), wrong


def _sample_ids(size, seed):
    total = Article.objects.count()
    rng = random.Random(seed)
    return sorted(rng.sample(range(1, total + 1), min(size, total)))


def scope_for(options, channels_by_slug=None):
    channels_by_slug = channels_by_slug or {c.slug: c for c in Channel.objects.all()}
    channel = channels_by_slug.get(options.get("channel"))
    start = None
    if "days" in options:
        start = timezone.now() - datetime.timedelta(days=options["days"])
    return base_queryset([channel.pk] if channel else None, start, None)


def brute_force(q, options, limit):
    """Up to `limit` ids in result order by a LIKE scan of the visible articles' fields
    (title, subtitle, summary, body, source). For Chinese terms, which is what the
    benchmark asks: normalising changes nothing in them and no whole-word rule applies."""
    queryset = scope_for(options).articles
    in_title = Q()
    for term in parse_query(q).terms:
        anywhere, title = Q(), Q()
        for alternative in term.alternatives:
            needle = alternative.text
            title |= Q(title__contains=needle)
            anywhere |= (
                Q(title__contains=needle)
                | Q(subtitle__contains=needle)
                | Q(summary__contains=needle)
                | Q(body__contains=needle)
                | Q(source__name__contains=needle)
            )
        queryset = queryset.filter(anywhere)
        in_title &= title
    tier = Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ordered = queryset.annotate(tier=tier).order_by("-tier", "-publish_at", "-pk")
    return list(ordered.values_list("pk", flat=True)[:limit])


def check_brute_force(queries=None, say=print):
    """Page 1 (ids in order) and the count of every query in `queries` (all CHECKED by
    default) equal the brute-force scan's: (checked, mismatching queries)."""
    queries = [row for row in QUERIES if row[1] in (queries or CHECKED)]
    wrong = []
    seen = set()
    for _label, q, options in queries:
        if (q, str(options)) in seen:
            continue
        seen.add((q, str(options)))
        page = options.get("page", 1)
        result = run_search(parse_query(q).terms, scope_for(options), page=page)
        window = (page + LOOKAHEAD) * PAGE_SIZE
        expected = brute_force(q, options, window + 1)
        count = min(len(expected), window)
        page_ids = expected[(result.page - 1) * PAGE_SIZE : result.page * PAGE_SIZE]
        if (result.ids, result.count) != (page_ids, count):
            wrong.append(q)
            say(f"  MISMATCH {q} {options}: {result.count} found, {count} expected")
    return len(seen), wrong


# --- timing ------------------------------------------------------------------------------


def run_query(q, options, channels_by_slug):
    """What the results view does: parse, ordered ids, the page's articles, snippets; in
    a request's scope (the content generation is read once, as a request does)."""
    with generation.request_scope():
        return _run_query(q, options, channels_by_slug)


def _run_query(q, options, channels_by_slug):
    parsed = parse_query(q)
    result = run_search(
        parsed.terms, scope_for(options, channels_by_slug), page=options.get("page", 1)
    )
    articles = (
        Article.objects.published().filter(pk__in=result.ids).select_related("channel", "source")
    )
    for article in articles:
        snippet(html_to_text(article.body), parsed.needles)
    return result


def percentile(times, share):
    """Nearest-rank percentile of sorted `times`."""
    return times[min(len(times) - 1, max(0, round(share * len(times) + 0.5) - 1))]


def cpu_clock():
    """Seconds of CPU used so far by this process and its PostgreSQL backend: what a query
    costs whatever else the machine is doing (wall-clock percentiles on a loaded machine
    mostly measure the wait for a core). The backend's share is read from /proc, in clock
    ticks (10 ms), so it is meaningful summed over many runs."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def clock():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            backend = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            backend = 0.0  # another machine's server: the client's CPU only
        return time.process_time() + backend

    return clock


def time_queries(runs, queries=None, warmup=2):
    """One row per query: class, query, results, p50, p95, p99 (ms), and every timing."""
    channels_by_slug = {c.slug: c for c in Channel.objects.all()}
    cpu = cpu_clock()
    rows, everything = [], []
    for label, q, options in queries or QUERIES:
        for _ in range(warmup):
            result = run_query(q, options, channels_by_slug)
        times = []
        cpu_started = cpu()
        for _ in range(runs):
            started = time.perf_counter()
            result = run_query(q, options, channels_by_slug)
            times.append((time.perf_counter() - started) * 1000)
        cpu_ms = (cpu() - cpu_started) * 1000 / runs
        times.sort()
        everything += times
        count = f"> {result.count}" if result.capped else str(result.count)
        shown = q + (" " + ", ".join(f"{k}={v}" for k, v in options.items()) if options else "")
        rows.append(
            {
                "class": label,
                "query": shown,
                "results": count,
                "p50": statistics.median(times),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "times": times,
                "cpu": cpu_ms,
            }
        )
    everything.sort()
    overall = {
        "p50": statistics.median(everything),
        "p95": percentile(everything, 0.95),
        "p99": percentile(everything, 0.99),
        "worst p95": max(row["p95"] for row in rows),
    }
    return rows, overall


def by_class(rows):
    """Per class, in first-seen order: timings, p50/p95/p99 over every timing of its
    queries, and the mean CPU time of one run."""
    classes = {}
    for row in rows:
        times, cpus = classes.setdefault(row["class"], ([], []))
        times.extend(row["times"])
        cpus.append(row["cpu"])
    summary = []
    for label, (times, cpus) in classes.items():
        times = sorted(times)
        p95, p99 = (percentile(times, p) for p in (0.95, 0.99))
        summary.append(
            (label, len(times), statistics.median(times), p95, p99, statistics.mean(cpus))
        )
    return summary


def _mb(value):
    return f"{value / 2**20:,.1f} MB"


def report(facts, sizes_, rows, overall, checks):
    """The results as Markdown (bench/search-results.md)."""
    lines = [
        "<!-- Generated by `make bench-search` (bench/search.py); do not edit. -->",
        f"### Search at {facts['articles']:,} articles",
        "",
        f"Run {facts['date']} on PostgreSQL {facts['postgres']} (shared_buffers "
        f"{facts['shared_buffers']}), {facts['cpus']} CPUs; load average before "
        f"{facts['load_before']}, after {facts['load_after']}.",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    timings = facts["timings"]
    order = [name for name in STEPS if name in timings] + [n for n in timings if n not in STEPS]
    lines += [f"| {name} | {timings[name]:,.1f} |" for name in order]
    lines += ["", "| on disk | size | of the article table |", "|---|---:|---:|"]
    article = sizes_["articles (table, TOAST, indexes)"]
    lines += [
        f"| {name} | {_mb(value)} | {100 * value / article:.0f} % |"
        for name, value in sizes_.items()
    ]
    lines += [
        "",
        f"{len(rows)} queries × {facts['runs']} runs (after {facts['warmup']} warm-up runs "
        "each), in ms, as the results view does it (parse, ids, the page's articles, "
        "snippets):",
        "",
        "| class | query | results | p50 | p95 | p99 | CPU |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['class']} | {r['query']} | {r['results']} | {r['p50']:.1f} | {r['p95']:.1f} "
        f"| {r['p99']:.1f} | {r['cpu']:.1f} |"
        for r in rows
    ]
    cpu = statistics.mean(r["cpu"] for r in rows)
    lines += [
        f"| **all** | {len(rows) * facts['runs']} timings | | **{overall['p50']:.1f}** "
        f"| **{overall['p95']:.1f}** | **{overall['p99']:.1f}** | **{cpu:.1f}** |",
        "",
        "CPU: the mean CPU time of one run (this process and its PostgreSQL backend), the "
        "cost of the query whatever the load; the percentiles are wall-clock.",
        "",
        "By query class (every timing of its queries):",
        "",
        "| class | timings | p50 | p95 | p99 | CPU |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {label} | {count} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {cpu:.1f} |"
        for label, count, p50, p95, p99, cpu in by_class(rows)
    ]
    lines += [
        "",
        f"Worst p95 of one query: {overall['worst p95']:.1f} ms (target ≤ 50 ms).",
        "",
    ]
    for name, (checked, wrong) in checks.items():
        verdict = (
            "identical" if not wrong else f"**{len(wrong)} differ**: {', '.join(map(str, wrong))}"
        )
        lines.append(f"- {name}: {checked} checked, {verdict}.")
    return "\n".join(lines) + "\n"

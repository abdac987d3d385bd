"""Search benchmark: N generated articles (default 100,000; `make bench-search
ARTICLES=1000000`) in their own PostgreSQL database, built by PostgreSQL itself.

    make bench-search ARTICLES=1000000
    BENCH_REUSE=1 make bench-search      # time and check the data and index of the last run
    BENCH_RUNS=20 BENCH_CHECK=0 …        # runs per query; skip the brute-force checks

It creates its database (BENCH_DATABASE_URL, default portal_bench_search on the local
server) when missing, migrates it, writes the articles and their search entries in SQL
(bench/searchgen.py), builds the GIN index, and reports: the time of each step, the
sizes on disk against the article table's, p50/p95/p99 of 20 queries × 20 runs, and the
equality of a sample of queries with a brute-force LIKE scan and of a sample of entries
with the search app's own indexer. The table goes to bench/search-results.md (with fewer
than 1,000,000 articles to var/search-results-<N>.md). Exits 1 on any difference.
"""

import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_bench_search"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


def create_database(url):
    """CREATE DATABASE when missing (the role needs CREATEDB), on a fresh machine too."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    server = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def main():
    create_database(DATABASE_URL)

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench import searchgen

    articles = int(os.environ.get("BENCH_ARTICLES") or os.environ.get("ARTICLES") or 100_000)
    runs = int(os.environ.get("BENCH_RUNS", "20"))
    print(f"Database: {connection.settings_dict['NAME']}, {articles:,} articles")
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    call_command("migrate", verbosity=0)
    timings = searchgen.saved_timings() if os.environ.get("BENCH_REUSE") else None
    if timings is None:
        generated = searchgen.generate(articles)
        timings = {
            "plan drawn and copied (Python, COPY)": generated["plan"],
            "articles written (SQL)": generated["articles"],
            "search entries written (SQL)": generated["entries"],
            "GIN index built, ANALYZE": searchgen.build_index(),
        }
        print(f"  index built in {timings['GIN index built, ANALYZE']:.0f} s")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # As autovacuum would have left them: visibility map set, statistics current.
            cursor.execute("VACUUM ANALYZE articles_article")
            cursor.execute("VACUUM ANALYZE search_searchentry")
        timings["VACUUM ANALYZE"] = time.perf_counter() - started
        searchgen.save_timings(timings)
    else:
        print("  reusing the articles, entries and index of the last run (and its timings)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        articles = cursor.fetchone()[0]
        cursor.execute("SELECT split_part(version(), ' ', 2), current_setting('shared_buffers')")
        postgres, shared_buffers = cursor.fetchone()
    sizes = searchgen.sizes()
    for name, value in sizes.items():
        print(f"  {name}: {value / 2**20:,.1f} MB")
    started = time.perf_counter()
    rows, overall = searchgen.time_queries(runs)
    print(f"  timed in {time.perf_counter() - started:.0f} s")
    load_after = " ".join(f"{x:.1f}" for x in os.getloadavg())
    checks = {}
    if os.environ.get("BENCH_CHECK", "1") != "0":
        print("Checking queries against a LIKE scan of the articles …")
        checks["queries against a brute-force LIKE scan (page and count)"] = (
            searchgen.check_brute_force()
        )
        started = time.perf_counter()
        checks["entries written by SQL against search.index.build_entry"] = searchgen.check_entries(
            300
        )
        rate = 300 / (time.perf_counter() - started)
        print(f"  the app's indexer: {rate:.0f} articles/s here (with the comparison)")
    facts = {
        "articles": articles,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "postgres": postgres,
        "shared_buffers": shared_buffers,
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "timings": timings,
        "runs": runs,
        "warmup": 2,
    }
    text = searchgen.report(facts, sizes, rows, overall, checks)
    print()
    print(text)
    # The README includes the million-article run; smaller ones stay out of the tree.
    path = ROOT / "bench" / "search-results.md"
    if articles < 1_000_000:
        path = ROOT / "var" / f"search-results-{articles}.md"
        path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Written to {path.relative_to(ROOT)}")
    if any(wrong for _checked, wrong in checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()

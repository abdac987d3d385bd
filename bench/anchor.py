"""`make bench`: our site side by side with the Wagtail anchor, in one run, with ratios.

The harness is ../shared/anchors/wagtail (beside the clone in CI; see find_anchor()).
This script:

1. creates the benchmark database if needed (BENCH_DATABASE_URL, default
   postgres://portal:portal@127.0.0.1:5432/portal_bench_anchor) and loads the anchor's
   corpus into it (bench/anchor_site.py: ARTICLES, default 20,000), collects static files
   and writes our manifest (targets home, section, section_p50, article, search, search_zh);
2. builds the Wagtail side with the anchor's setup.sh (quick when $WORK holds it already);
3. runs the anchor's bench.sh with bench/anchor-servers.json: Wagtail (sync; set
   BENCH_ALL=1 for its gthread row too), nginx serving the article as a static file, then
   our site with the page cache off, warm (local memory, Redis) and through `make front`;
4. prints the table with each of our rows divided by Wagtail's sync row (search_zh: by
   Wagtail's search) and by the static row, and the resident memory of our workers.

Knobs: ARTICLES, DURATION, WARMUP, SOLO, ONLY, TARGETS (see the anchor's README), WORK.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from anchor_site import find_anchor

ROOT = Path(__file__).resolve().parent.parent
ANCHOR = find_anchor()
WORK = Path(os.environ.get("WORK", "/tmp/anchors/wagtail"))
BENCH_DIR = ROOT / "var" / "bench"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_bench_anchor"
)
PY = str(ROOT / ".venv" / "bin" / "python")


def site_environment(stamp):
    return {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        # As the anchor: persistent connections (a login per request would dominate).
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",  # rows that use Redis say so (BENCH_REDIS_URL)
        "BENCH_DIR": str(BENCH_DIR),
        "BENCH_REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "BENCH_CACHE_PREFIX": f"portal-bench-{stamp}",
        "WORK": str(WORK),
    }


def create_database():
    import psycopg

    url = DATABASE_URL.removeprefix("postgres://").removeprefix("postgresql://")
    auth, _at, rest = url.rpartition("@")
    user, _colon, password = auth.partition(":")
    hostport, _slash, name = rest.partition("/")
    host, _colon, port = hostport.partition(":")
    try:
        conn = psycopg.connect(
            host=host, port=port or 5432, user=user, password=password, dbname="postgres",
            autocommit=True,
        )  # fmt: skip
    except psycopg.OperationalError as error:
        if f'role "{user}" does not exist' not in str(error):
            raise
        # A fresh machine: the role the tests use too (as .ci/run creates it).
        print(f"creating the PostgreSQL role {user} (as the postgres superuser)")
        subprocess.run(
            ["psql", "-q", "-h", host, "-p", str(port or 5432), "-U", "postgres", "-c",
             f"CREATE ROLE \"{user}\" LOGIN PASSWORD '{password}' CREATEDB"],
            check=True,
        )  # fmt: skip
        conn = psycopg.connect(
            host=host, port=port or 5432, user=user, password=password, dbname="postgres",
            autocommit=True,
        )  # fmt: skip
    with conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def run(args, env, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run(args, env={**os.environ, **env}, cwd=ROOT, check=True, **kwargs)


def ratios(results):
    rows = results["rows"]

    def rps(server_pattern, target):
        for row in rows:
            if re.search(server_pattern, row["server"]) and row["target"] == target:
                return row.get("rps")
        return None

    static = rps(r"^nginx static", "article")
    lines = [
        "| server | page | req/s | × Wagtail sync | % of static | p50 ms | 1-conn p50 ms "
        "| SQL/req | HTML bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row["app"] != "ours" and not re.search(r"^wagtail gunicorn sync", row["server"]):
            continue
        if row.get("check") != "ok":
            failed = f"CHECK FAILED: {row['check']}"
            lines.append(f"| {row['server']} | {row['target']} | {failed} | | | | | | |")
            continue
        base_target = "search" if row["target"].startswith("search") else row["target"]
        wagtail = rps(r"^wagtail gunicorn sync", base_target)
        times = f"{row['rps'] / wagtail:.1f}×" if wagtail else ""
        share = f"{100 * row['rps'] / static:.1f} %" if static else ""
        solo = f"{row['solo_p50_us'] / 1000:.2f}" if "solo_p50_us" in row else ""
        lines.append(
            f"| {row['server']} | {row['target']} | {row['rps']:.0f} | {times} | {share} | "
            f"{row['p50_us'] / 1000:.2f} | {solo} | {row.get('sql_queries', '')} | "
            f"{row.get('page_bytes', '')} |"
        )
    return "\n".join(lines) + "\n"


README = ROOT / "bench" / "README.md"
BEGIN = "<!-- make bench: the table below is written by bench/anchor.py -->"
END = "<!-- make bench: end of the table -->"


def write_readme(table, stamp, loads):
    """Put the run's table between the markers of bench/README.md (nothing is typed)."""
    text = README.read_text()
    if BEGIN not in text or END not in text:
        print(f"{README} has no markers for the table: left as it is")
        return
    articles = os.environ.get("ARTICLES", "20000")
    duration = os.environ.get("DURATION", "15")
    load = " → ".join(f"{one:.1f}" for one in loads)
    header = (
        f"Run {stamp} (UTC), {articles} articles, `wrk -t2 -c16 -d{duration}s`, "
        f"load average (1 min) at the start, when wrk began and at the end: {load}. "
        "Only the ratios compare between runs.\n\n"
    )
    head, tail = text.partition(BEGIN)[0], text.partition(END)[2]
    README.write_text(f"{head}{BEGIN}\n{header}{table}{END}{tail}")
    print(f"wrote the table into {README}")


def worker_memory(env, manifest):
    """Resident memory of each gunicorn worker after serving every target (cache on)."""
    port = 8019
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", f"--bind=127.0.0.1:{port}",
         "--workers=2", "--worker-class=sync"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _i in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for target in manifest["targets"]:
            subprocess.run(
                ["wrk", "-t1", "-c4", "-d2s", f"http://127.0.0.1:{port}{target['path']}"],
                capture_output=True,
            )
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024)
        return sizes
    finally:
        server.terminate()
        server.wait(30)


def main():
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    loads = [os.getloadavg()[0]]
    env = site_environment(stamp)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    create_database()
    run([PY, "bench/anchor_site.py", "load"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    manifest_path = BENCH_DIR / "manifest.json"
    run([PY, "bench/anchor_site.py", "manifest", str(manifest_path)], env)
    results_dir = BENCH_DIR / "results" / stamp
    # Our servers read the site's environment from this file (bench/anchor-servers.json);
    # the anchor's setup and servers must not see it (nor DJANGO_SETTINGS_MODULE).
    site_keys = [k for k in env if not k.startswith("BENCH_") and k != "WORK"]
    (BENCH_DIR / "site.env").write_text("".join(f"{k}='{env[k]}'\n" for k in site_keys))
    inherited = {
        k: v for k, v in os.environ.items() if k not in site_keys and k != "DJANGO_SETTINGS_MODULE"
    }
    # Always: setup.sh is quick when $WORK and its database already hold this corpus, and
    # reloads the database when it holds another size (ARTICLES) than asked.
    print("+ bash setup.sh", flush=True)
    subprocess.run(
        ["bash", str(ANCHOR / "setup.sh")],
        env={**inherited, "WORK": str(WORK)},
        cwd=ROOT,
        check=True,
    )
    bench_env = {
        **{k: v for k, v in env.items() if k not in site_keys},
        "RESULTS_DIR": str(results_dir),
    }
    if "ONLY" not in os.environ and not os.environ.get("BENCH_ALL"):
        bench_env["ONLY"] = "^(?!wagtail gunicorn gthread)"
    loads.append(os.getloadavg()[0])
    status = subprocess.run(
        ["bash", str(ANCHOR / "bench.sh"), str(ROOT / "bench" / "anchor-servers.json")],
        env={**inherited, **bench_env},
        cwd=ROOT,
    ).returncode
    if not (results_dir / "results.json").exists():
        print(f"the anchor's bench.sh wrote no results (exit status {status})")
        return status or 1
    results = json.loads((results_dir / "results.json").read_text())
    table = ratios(results)
    manifest = json.loads(manifest_path.read_text())
    memory = worker_memory(env | {"PAGE_CACHE_SECONDS": "600"}, manifest)
    table += f"\nResident memory per gunicorn worker after serving every page: {memory} MiB\n"
    loads.append(os.getloadavg()[0])
    (results_dir / "ratios.md").write_text(table)
    write_readme(table, stamp, loads)
    print("\n" + table)
    print(f"results: {results_dir}")
    return status


if __name__ == "__main__":
    sys.exit(main())

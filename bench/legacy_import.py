"""Import benchmark: a generated file of 50,000 old-site articles into PostgreSQL.

    .venv/bin/python bench/legacy_import.py
    BENCH_IMPORT_ROWS=5000 .venv/bin/python bench/legacy_import.py

Each row has about 3 KB of Chinese text (no images), a channel path, a source, tags and
sometimes a topic. The file is imported by `manage.py import_articles` in a child
process with `--jobs 4` (BENCH_IMPORT_JOBS) into an emptied database
(BENCH_IMPORT_DATABASE_URL, default the `portal_import_bench` database, created when
missing), search index included; then the same file is imported again (every row
unchanged). Printed: time, rows per second and the peak memory (RSS) of the largest
process (the command or one of its workers), also for a run of a tenth of the rows, to
show that memory does not grow with the file.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
DATABASE_URL = os.environ.get(
    "BENCH_IMPORT_DATABASE_URL",
    "postgres://portal:portal@127.0.0.1:5432/portal_import_bench",
)
JOBS = os.environ.get("BENCH_IMPORT_JOBS", "4")
ENV = {**os.environ, "DATABASE_URL": DATABASE_URL, "DEBUG": "1"}

CHANNELS = [
    "资讯中心/协会动态", "资讯中心/省级开发区动态", "资讯中心/省级开发区动态/华东地区",
    "资讯中心/省级开发区动态/中西部地区", "资讯中心/政策法规", "资讯中心/招商引资",
    "中国开发区/国家级经开区", "中国开发区/高新技术产业开发区", "中国开发区/综合保税区", "通知公告",
]  # fmt: skip
PLACES = [
    "菏泽",
    "苏州",
    "合肥",
    "成都",
    "西安",
    "天津",
    "青岛",
    "宁波",
    "郑州",
    "武汉",
    "长沙",
    "南昌",
    "昆山",
    "烟台",
    "泉州",
    "绵阳",
]
KINDS = ["经济开发区", "高新区", "综合保税区", "经济技术开发区", "工业园区"]
TAGS = [
    "高质量发展",
    "招商引资",
    "营商环境",
    "科技创新",
    "绿色发展",
    "产业链",
    "对外开放",
    "党建引领",
    "数字经济",
]
TOPICS = ["不忘初心迎“七一”", "绿色低碳园区建设", "优化营商环境", "高水平对外开放"]
SENTENCES = [
    "{p}{k}坚持把发展经济的着力点放在实体经济上，围绕主导产业延链补链强链。",
    "园区以项目建设为抓手，推动经济运行稳中有进，新落地项目涵盖新材料、高端装备和生物医药等领域。",
    "{p}{k}组建项目专班，实行一个项目、一名领导、一套班子、一抓到底的推进机制。",
    "帮助企业协调解决用地、用能和用工等问题，确保项目早开工、早投产、早见效。",
    "园区持续优化营商环境，推行承诺制审批和拿地即开工模式，审批事项平均办理时限明显缩短。",
    "多家企业表示，园区服务有求必应、无事不扰，坚定了在此扩大投资的信心。",
    "{p}{k}加快建设公共技术服务平台和中试基地，引导企业加大研发投入，推动产学研深度融合。",
    "目前，园区已集聚各类研发机构数十家，科技型中小企业数量稳步增长。",
    "下一步，{p}{k}将锚定高质量发展目标，聚焦产业集群培育、开放平台建设和绿色低碳转型。",
    "今年前三季度，园区规上工业增加值同比增长{n}%，实际使用外资{n}亿美元。",
]


def make_row(rng, legacy_id):
    place, kind = rng.choice(PLACES), rng.choice(KINDS)
    paragraphs, size = [], 0
    while size < 1000:  # about 1,000 characters: 3 KB of UTF-8
        text = "".join(
            rng.choice(SENTENCES).format(p=place, k=kind, n=rng.randint(3, 30)) for _ in range(4)
        )
        paragraphs.append(f"<p>{text}</p>")
        size += len(text)
    return {
        "legacy_id": legacy_id,
        "title": f"{place}{kind}第{legacy_id}号动态：推进项目建设和营商环境优化",
        "author": rng.choice(["", "本网记者", "通讯员 王明"]),
        "channel": rng.choice(CHANNELS),
        "source": f"{place}{kind}管委会",
        "published_at": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d} {rng.randint(7, 20):02d}:{rng.randint(0, 59):02d}",
        "views": rng.randint(0, 5000),
        "body_html": "".join(paragraphs),
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
        "topics": [rng.choice(TOPICS)] if rng.random() < 0.05 else [],
    }


def write_file(path, rows):
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as stream:
        for legacy_id in range(1, rows + 1):
            stream.write(json.dumps(make_row(rng, legacy_id), ensure_ascii=False) + "\n")


def ensure_database():
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
        dbname="postgres", autocommit=True,
    ) as connection:  # fmt: skip
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(*args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=check,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


WRAPPER = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, result.returncode, file=sys.stderr)
"""


def timed_import(path):
    """Import `path` in a child process; (seconds, peak RSS in MB, CPU s, first report line).

    A wrapper process runs the import alone, so its children's peak RSS is the import's.
    """
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "manage.py", "import_articles",
         str(path), "--no-progress", "--jobs", JOBS],
        cwd=ROOT, env=ENV, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    peak_kb, cpu, returncode = result.stderr.split()[-3:]
    if returncode != "0":
        print(result.stdout, result.stderr)
        sys.exit("the import failed")
    return seconds, int(peak_kb) / 1024, float(cpu), result.stdout.splitlines()[0]


def count_rows():
    out = manage(
        "shell", "-c",
        "from articles.models import Article; from search.models import SearchEntry; "
        "print(Article.objects.count(), SearchEntry.objects.count())",
    ).stdout.split()  # fmt: skip
    return int(out[-2]), int(out[-1])


def main():
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    small = max(1, ROWS // 10)
    with tempfile.TemporaryDirectory() as folder:
        results = []
        for rows in (small, ROWS):
            path = Path(folder) / f"articles-{rows}.jsonl"
            write_file(path, rows)
            manage("flush", "--noinput", "-v0")
            seconds, peak, cpu, report = timed_import(path)
            articles, entries = count_rows()
            assert articles == rows == entries, (articles, entries, rows)
            results.append((rows, path.stat().st_size, seconds, peak, cpu, report))
        again, _peak_again, _cpu, report_again = timed_import(path)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Import into PostgreSQL, --jobs {JOBS}, search index included (load {load}):")
    print("| rows | file MB | seconds | rows/s | peak RSS MB | Python CPU s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for rows, size, seconds, peak, cpu, _report in results:
        print(
            f"| {rows:,} | {size / 1e6:.0f} | {seconds:.0f} | {rows / seconds:.0f} "
            f"| {peak:.0f} | {cpu:.0f} |"
        )
    print(f"Again, every row unchanged: {again:.0f} s ({ROWS / again:.0f} rows/s).")
    print(f"Reports: {results[-1][5]} / {report_again}")


if __name__ == "__main__":
    main()

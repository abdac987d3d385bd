"""Profile a page view (cProfile, in-process, page cache off): where a cold request goes.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_views.py article [requests]
    PROJECT_ROOT=/path/to/other/checkout ...   # profile another version of the code

Reads the targets of var/bench/manifest.json (written by `make bench`), warms the
shared caches with 5 requests, profiles REQUESTS more (default 200) and prints the time
per request and the top entries by cumulative time.
"""

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("PROJECT_ROOT", HERE.parent)).resolve()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "600")


def main(name, requests=200):
    import django

    django.setup()
    from django.test import Client

    manifest = json.loads((HERE.parent / "var" / "bench" / "manifest.json").read_text())
    path = next(t["path"] for t in manifest["targets"] if t["name"] == name)
    client = Client()
    for _i in range(5):
        client.get(path, headers={"host": "127.0.0.1"})
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _i in range(requests):
        client.get(path, headers={"host": "127.0.0.1"})
    profile.disable()
    per_request = (time.perf_counter() - started) * 1000 / requests
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(
        r"(portal|articles|association|search|django/(template|db/models/sql|db/backends/utils)|psycopg/cursor|sqlite3/base)",
        25,
    )
    print(f"{name} {path}: {per_request:.1f} ms per request (profiled, {requests} requests)")
    print(out.getvalue().split("ncalls", 1)[-1])


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:3]))

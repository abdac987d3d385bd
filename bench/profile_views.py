"""Profile a page view (cProfile, in-process, page cache off): where a cold request goes.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_views.py article [requests]
    PROJECT_ROOT=/path/to/other/checkout ...   # profile another version of the code

Reads the targets of var/bench/manifest.json (written by `make bench`), warms the
shared caches with 5 requests, times REQUESTS more (default 200) unprofiled (CPU time of
this process), profiles as many again and prints the top entries of the project's code
by cumulative time per request.
"""

import cProfile
import json
import os
import pstats
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("PROJECT_ROOT", HERE.parent)).resolve()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
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
    # Unprofiled first: the CPU time of this process alone (not PostgreSQL's), which the
    # rest of the machine's load disturbs less than the wall clock.
    started = time.process_time()
    for _i in range(requests):
        client.get(path, headers={"host": "127.0.0.1"})
    cpu = (time.process_time() - started) * 1000 / requests
    profile = cProfile.Profile()
    profile.enable()
    for _i in range(requests):
        client.get(path, headers={"host": "127.0.0.1"})
    profile.disable()
    print(f"{name} {path}: {cpu:.1f} ms of CPU per request (unprofiled, {requests} requests)")
    print("profiled, ms per request (cumulative), the top entries of the project's code:")
    stats = pstats.Stats(profile).stats
    mine = re.compile(r"/(portal|articles|association|search|submissions)/[^/]*\.py$")
    rows = [
        (cumulative, calls, f"{Path(file).parent.name}/{Path(file).name}:{line}({func})")
        for (file, line, func), (_cc, calls, _tt, cumulative, _callers) in stats.items()
        if mine.search(file) and ROOT.as_posix() in file
    ]
    for cumulative, calls, where in sorted(rows, reverse=True)[:TOP]:
        print(f"{cumulative * 1000 / requests:8.2f} ms  {calls / requests:5.1f}x  {where}")


TOP = 14


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:3]))

"""`make bench`: run every benchmark of the project in turn and print their figures.

Each benchmark is a script in this folder; a missing one is skipped. Page benchmarks
run on SQLite by default; the search benchmark needs PostgreSQL (DATABASE_URL).
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["pages.py", "wordcheck.py", "search.py"]


def main():
    failed = False
    for name in BENCHMARKS:
        script = HERE / name
        if not script.exists():
            continue
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent)
        failed |= result.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

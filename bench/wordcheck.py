"""Word-check benchmark: a 10,000-character body against 10,000 list entries.

Measures what `editorial.wordcheck.check()` does on every submit/publish once the
automaton is cached (normalisation with the position map, one Aho–Corasick pass,
hits with context), and, separately, building the automaton (once per list change).
No database: the entries are generated and handed to the matcher directly.

    .venv/bin/python bench/wordcheck.py
    WORDS=50000 CHARS=20000 RUNS=50 .venv/bin/python bench/wordcheck.py
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from editorial import wordcheck  # noqa: E402

WORDS = int(os.environ.get("WORDS", "10000"))
CHARS = int(os.environ.get("CHARS", "10000"))
RUNS = int(os.environ.get("RUNS", "100"))

# Text is drawn from the 1,000 most common Han characters' block region; list entries
# from a wider range, so a realistic few of them occur in the text by chance.
COMMON = [chr(c) for c in range(0x4E00, 0x4E00 + 1000)]
WIDE = [chr(c) for c in range(0x4E00, 0x4E00 + 6000)]
PUNCTUATION = "，。、；：“”！？"


def entries(rng):
    seen, out = set(), []
    while len(out) < WORDS:
        term = "".join(rng.choice(WIDE) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.05:
            term = f"ＡＢ{term}"  # some full-width Latin, normalised like the text
        normalized = wordcheck.normalize_term(term)
        if normalized in seen:
            continue
        seen.add(normalized)
        kind = rng.random()
        if kind < 0.5:
            out.append((normalized, term, "block", ""))
        elif kind < 0.8:
            out.append((normalized, term, "warn", ""))
        else:
            out.append((normalized, term, "typo", term[::-1]))
    return out


def body(rng, words):
    chars = []
    while len(chars) < CHARS:
        if rng.random() < 0.002:  # plant a list entry now and then
            chars.extend(rng.choice(words)[1])
        elif rng.random() < 0.08:
            chars.append(rng.choice(PUNCTUATION))
        else:
            chars.append(rng.choice(COMMON))
    return "".join(chars[:CHARS])


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def main():
    rng = random.Random(20261130)
    words = entries(rng)
    text = body(rng, words)

    started = time.perf_counter()
    matcher = wordcheck.Matcher(words)
    build = time.perf_counter() - started
    # check() through its public path, with the cached automaton as on a warm server.
    wordcheck.matcher = lambda: matcher

    print(f"entries: {len(words):,}  body: {len(text):,} characters  runs: {RUNS}")
    print(f"build automaton (once per list change): {ms(build)} ms")
    report("check body", lambda: wordcheck.check({"title": text[:40], "body": text}))
    # Worst case: a body made of nothing but list entries (thousands of hits).
    dense = "".join(rng.choice(words)[1] for _ in range(CHARS // 3))[:CHARS]
    report("check body of list entries only", lambda: wordcheck.check({"body": dense}))


def report(label, run):
    times, hits = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        hits = run()
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{label}: min {ms(times[0])} ms, p50 {ms(statistics.median(times))} ms, "
        f"p95 {ms(p95)} ms, max {ms(times[-1])} ms ({len(hits):,} hits)"
    )


if __name__ == "__main__":
    main()

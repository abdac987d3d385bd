"""Running a search: parse the query, choose a plan, count (capped) and fetch one page.

How matching, ranking, the two plans and the count window work: search/README.md.
"""

import math
import time
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.utils import timezone

from articles.models import Article

from .index import TITLE_MARK
from .models import SearchEntry, synonym_groups
from .text import encode, normalize, split_terms, term_tokens, tokens_are_exact

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
COUNT_CAP = 1000
# Results a page: 10, as Baidu and Google show; 20 snippets are a long scroll on a phone
# and kept the page above its weight budget (bench/README.md, "Page weight").
PAGE_SIZE = 10
# Pages fetched beyond the one asked for: the count is exact up to there.
LOOKAHEAD = 4
MAX_ALTERNATIVES = 6


def _db():
    """The connection searches read from: the replica for a reader, when the router says
    so (config/db_router.py), like the articles the results show."""
    return connections[router.db_for_read(SearchEntry)]


@dataclass
class Alternative:
    text: str  # normalised
    encoded: str
    tokens: list
    exact: bool  # the tokens alone prove the match


@dataclass
class Term:
    text: str
    alternatives: list = field(default_factory=list)

    @property
    def needles(self):
        return [alternative.text for alternative in self.alternatives]


@dataclass
class ParsedQuery:
    text: str = ""
    terms: list = field(default_factory=list)
    truncated: bool = False
    ignored: list = field(default_factory=list)  # terms too short, or beyond MAX_TERMS

    @property
    def needles(self):
        return [needle for term in self.terms for needle in term.needles]


def _alternative(text):
    return Alternative(text, encode(text), term_tokens(text), tokens_are_exact(text))


def expand(term, groups):
    """The term and its synonyms; a synonym inside a longer term is replaced too."""
    variants = [term]
    for group in groups:
        for member in group:
            if member in term:
                for other in group:
                    if other != member:
                        variants.append(term.replace(member, other))
    return list(dict.fromkeys(variants))[:MAX_ALTERNATIVES]


def parse_query(raw, groups=None):
    """Turn whatever the reader typed into terms; never raises."""
    raw = (raw or "").replace("\x00", "")
    parsed = ParsedQuery()
    if len(raw) > MAX_QUERY_LENGTH:
        raw = raw[:MAX_QUERY_LENGTH]
        parsed.truncated = True
    parsed.text = raw.strip()
    groups = synonym_groups() if groups is None else groups
    for text in dict.fromkeys(split_terms(normalize(raw))):
        if len(text) < MIN_TERM_LENGTH or len(parsed.terms) >= MAX_TERMS:
            parsed.ignored.append(text)
            continue
        parsed.terms.append(Term(text, [_alternative(v) for v in expand(text, groups)]))
    return parsed


# --- conditions ------------------------------------------------------------------------


def _tsquery(terms, prefix=""):
    def group(alternative):
        return "(" + " & ".join(f"'{prefix}{token}'" for token in alternative.tokens) + ")"

    return " & ".join(
        "(" + " | ".join(group(alt) for alt in term.alternatives if alt.tokens) + ")"
        for term in terms
        if all(alt.tokens for alt in term.alternatives)
    )


def _all_exact(terms):
    # Every alternative of every term is proven by its single token (and all are in the
    # tsquery, which holds only when no alternative lacks tokens).
    return all(alt.exact and alt.tokens for term in terms for alt in term.alternatives)


# --- plan choice -----------------------------------------------------------------------

# "loaded" is None until the first load: time.monotonic() may start near 0 (it counts
# from boot on Linux), so a 0.0 would look fresh for the first STATS_TTL seconds after a
# reboot and every search would plan without statistics (a frequent term sorting all its
# candidates: 100-270 ms instead of 6-12 ms at a million articles).
_stats = {"loaded": None, "rows": 0, "freq": {}, "floor": 0.0, "oldest": None}
STATS_TTL = 600


def _load_stats():
    """Row count and the most common tokens' frequencies, as ANALYZE collected them."""
    loaded = _stats["loaded"]
    if loaded is not None and time.monotonic() - loaded < STATS_TTL:
        return _stats
    table = SearchEntry._meta.db_table
    with _db().cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE tablename = %s AND attname = 'vector'",
            [table],
        )
        stats = cursor.fetchone()
        cursor.execute(f"SELECT min(publish_at) FROM {table}")  # one step of the order index
        oldest = cursor.fetchone()[0]
    freq = {}
    floor = 0.0
    if stats and stats[0]:
        freq = dict(zip(stats[0], stats[1], strict=False))
        floor = min(stats[1][: len(stats[0])])
    rows = max(row[0] if row else 0, 0)
    _stats.update(loaded=time.monotonic(), rows=rows, freq=freq, floor=floor, oldest=oldest)
    return _stats


def reset_stats():
    _stats["loaded"] = None


def estimated_fraction(terms, prefix="", unknown=None):
    """Estimate of the share of entries matching: min over a term's tokens (they are
    correlated), sum over synonyms, product over terms (independent). A token ANALYZE
    did not list is rarer than the rarest listed one: it counts as that (an upper
    bound) unless `unknown` says otherwise."""
    stats = _load_stats()
    freq = stats["freq"]
    floor = stats["floor"] if unknown is None else unknown
    fraction = 1.0
    for term in terms:
        share = 0.0
        for alternative in term.alternatives:
            if not alternative.tokens:
                share = 1.0
                break
            share += min(freq.get(prefix + token, floor) for token in alternative.tokens)
        fraction *= min(share, 1.0)
    return fraction


# Relative costs per row, measured on the benchmark: a narrow entry row read and sorted
# (every GIN candidate), an article row joined for visibility, and the exact check of
# a text kept out of line.
ROW_COST = 1
ARTICLE_COST = 6
TEXT_COST = 15


# The plan choice stays because neither plan alone is fast (measured 2026-11-30 on the
# benchmark data): always the index, a frequent term sorts every candidate (发展: 38 ms
# instead of 2 ms); always the walk, a rare one reads the whole table (量子通信: 884,038
# buffers instead of 392).
def use_index_for(terms, needed, prefix=""):
    """Choose the plan by its worst case: all GIN candidates (at most fraction*rows narrow
    rows, sorted, then checked until `needed` are found) versus walking newest first
    (needed/fraction rows, each checked; for tokens ANALYZE did not list the fraction
    may be close to 0, so the walk may read the whole table)."""
    if _db().vendor != "postgresql":
        return False
    if not _tsquery(terms, prefix):
        return False
    rows = _load_stats()["rows"]
    upper = estimated_fraction(terms, prefix)
    lower = estimated_fraction(terms, prefix, unknown=0.0)
    if rows <= 0 or upper <= 0:
        return True
    candidates = upper * rows
    walked = rows if lower <= 0 else min(rows, needed / lower)
    found = min(needed, candidates)
    if prefix:  # title tier: titles are inline, the text is never read
        index = candidates * ROW_COST + found * ARTICLE_COST
        walk = walked * ROW_COST + found * ARTICLE_COST
    else:  # the text is read unless the tokens prove the match
        check = 0 if _all_exact(terms) else TEXT_COST
        index = candidates * ROW_COST + found * (ARTICLE_COST + check)
        walk = walked * (ARTICLE_COST + TEXT_COST)
    return index < walk


# --- the newest window first ----------------------------------------------------------

# The index plan reads and sorts every GIN candidate: at a million articles a term in 3 %
# of them is 30,000 random rows of the entry table (more than shared_buffers holds), over
# 100 ms. When ANALYZE's statistics cannot rule out more than WINDOW_CANDIDATES
# candidates, the tier is searched in slices of the copied publication time, newest
# first: the first expected to hold WINDOW_FACTOR times the ids needed (if the
# estimate is right), each next one WINDOW_GROWTH times wider, until MAX_WINDOW_SHARE
# of the span is covered; then everything older in one pass. Each slice is read through
# a BitmapAnd of the GIN and the time index (only its candidates are fetched) and the
# search stops as soon as enough ids are found. The slices are disjoint and each is
# sorted newest first, so their concatenation is the tier in order. No count: counting
# the candidates visits their rows, which is what the slices avoid (measured 170-300 ms
# for 6,000 title candidates at a million articles).
WINDOW_CANDIDATES = 3000
WINDOW_FACTOR = 3
WINDOW_GROWTH = 8
MAX_WINDOW_SHARE = 0.1
# A forced "window" plan (tests) uses two slices (a tenth, then half of the span).
FORCED_SHARES = (0.1, 0.5)


def _coarse(terms, prefix):
    """The rarest term the index can use, with only the rarest token of each alternative
    (tokens ANALYZE did not list are the rarest). The planner's estimate of an AND of
    unlisted tokens is near zero, so it would not combine the GIN and the time index;
    of one token it is sensible, and it does. What the tokens no longer prove, the text
    check does."""
    freq = _load_stats()["freq"]

    def rarest(tokens):
        return min(tokens, key=lambda token: freq.get(prefix + token, 0))

    def share(term):
        return sum(freq.get(prefix + rarest(alt.tokens), 0) for alt in term.alternatives)

    usable = [term for term in terms if all(alt.tokens for alt in term.alternatives)]
    term = min(usable, key=share)  # the rarest term: fewest candidates to check
    alternatives = [
        Alternative(alt.text, alt.encoded, [rarest(alt.tokens)], False) for alt in term.alternatives
    ]
    return [Term(term.text, alternatives)]


def window_starts(terms, scope, needed, prefix, now, forced=False):
    """Where the time slices of a tier searched with the index start, newest first (an
    empty list: search the tier in one pass)."""
    stats = _load_stats()
    oldest = scope.start or stats["oldest"]
    newest = min(now, scope.end) if scope.end else now
    if oldest is None or newest <= oldest:
        return []
    if forced:
        shares = list(FORCED_SHARES)
    else:
        candidates = estimated_fraction(terms, prefix) * stats["rows"]
        if candidates <= WINDOW_CANDIDATES:
            return []
        shares, share = [], WINDOW_FACTOR * needed / candidates
        while share < MAX_WINDOW_SHARE:
            shares.append(share)
            share *= WINDOW_GROWTH
    return [newest - (newest - oldest) * share for share in shares]


# --- the search ------------------------------------------------------------------------


@dataclass
class SearchResult:
    ids: list
    count: int
    capped: bool
    page: int
    pages: int
    at_limit: bool = False  # capped at COUNT_CAP: no page beyond can be shown


@dataclass
class Scope:
    """Where to search: visible articles (the one definition), filtered; the date range
    is also applied to the entries' copy of the publication time, to stop walks early."""

    articles: object
    start: object = None
    end: object = None


def base_queryset(channel_ids=None, start=None, end=None):
    """Publicly visible articles (the one definition), filtered."""
    queryset = Article.objects.published()
    if channel_ids:
        queryset = queryset.filter(channel_id__in=channel_ids)
    if start:
        queryset = queryset.filter(publish_at__gte=start)
    if end:
        queryset = queryset.filter(publish_at__lt=end)
    return Scope(queryset, start, end)


def _strpos(column, terms):
    """SQL: every term (or one of its synonyms) is in `column`."""
    function = "strpos" if _db().vendor == "postgresql" else "instr"
    parts, params = [], []
    for term in terms:
        either = []
        for alternative in term.alternatives:
            either.append(f"{function}({column}, %s) > 0")
            params.append(alternative.encoded)
        parts.append("(" + " OR ".join(either) + ")")
    return " AND ".join(parts), params


def _tier_sql(terms, scope, tier, use_index, limit, now, coarse=False):
    """One tier ("title": every term in the title; "rest": the others; "all": both, for
    the by-date order), newest first: (sql, params) giving the ids.

    Visibility always comes from the article itself: the entry's article must be among
    the ids of `scope.articles` (built on `Article.objects.published()`), a subquery the
    ORM writes. With the index, the GIN candidates are sorted on the narrow entry rows
    first (the text stays out of line) behind an optimisation fence, and the exact check
    runs on the sorted stream until `limit` rows are found. Without it, the planner walks
    `search_entry_order_idx` newest first and stops at `limit`. `coarse` (a time window)
    asks the GIN index for one token only (see `_coarse`).
    """
    table = SearchEntry._meta.db_table
    title_tier = tier == "title"
    prefix = TITLE_MARK if title_tier else ""
    tsquery = _tsquery(terms, prefix) if use_index else ""
    exact = bool(tsquery) and _all_exact(terms)
    if tsquery and coarse:
        reduced = _tsquery(_coarse(terms, prefix), prefix)
        exact = exact and reduced == tsquery
        tsquery = reduced

    def entry_conditions(alias):
        where, params = [f"{alias}.publish_at <= %s"], [now]
        if scope.start:
            where.append(f"{alias}.publish_at >= %s")
            params.append(scope.start)
        if scope.end:
            where.append(f"{alias}.publish_at < %s")
            params.append(scope.end)
        if tsquery:
            where.append(f"{alias}.vector @@ (%s)::tsquery")
            params.append(tsquery)
        if tier == "all":
            return " AND ".join(where), params
        in_title, title_params = _strpos(f"{alias}.title", terms)
        where.append(in_title if title_tier else f"NOT ({in_title})")
        return " AND ".join(where), [*params, *title_params]

    visible, visible_params = scope.articles.order_by().values("pk").query.sql_with_params()
    text_where, text_params = "1 = 1", []
    if not title_tier and not exact:
        text_where, text_params = _strpos("e.text", terms)
    order = "ORDER BY e.publish_at DESC, e.article_id DESC"
    if not tsquery:
        entry_where, entry_params = entry_conditions("e")
        sql = (
            f"SELECT e.article_id FROM {table} e "
            f"WHERE {entry_where} AND e.article_id IN ({visible}) AND {text_where} "
            f"{order} LIMIT %s"
        )
        return sql, [*entry_params, *visible_params, *text_params, limit]
    entry_where, entry_params = entry_conditions("c")
    # The sort carries the text as its TOAST pointer; it is read only when checked.
    sql = (
        f"SELECT e.article_id FROM ("
        f"SELECT c.article_id, c.publish_at, c.text FROM {table} c "
        f"WHERE {entry_where} "
        f"ORDER BY c.publish_at DESC, c.article_id DESC OFFSET 0) e "
        f"WHERE e.article_id IN ({visible}) AND {text_where} "
        f"{order} LIMIT %s"
    )
    return sql, [*entry_params, *visible_params, *text_params, limit]


def _fetch(sql, params):
    with _db().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Every plan here is a nested loop over a stream already in result order, stopped by
# LIMIT: the GIN estimates are too rough for the planner to see that (a hash join would
# check every candidate's text), and starting parallel workers costs more than the
# whole query (much more on a busy machine).
PLANNER_SETTINGS = (
    "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)


def ordered_ids(terms, scope, limit, plan=None, by_date=False):
    """Up to `limit` matching ids in result order: title tier then the rest, or by date."""

    def choose(needed, prefix=""):
        if plan is not None:
            return plan in ("index", "window") and _db().vendor == "postgresql"
        return use_index_for(terms, needed, prefix)

    now = timezone.now()
    ids = []
    with transaction.atomic(using=_db().alias):
        if _db().vendor == "postgresql":
            with _db().cursor() as cursor:
                cursor.execute(PLANNER_SETTINGS)
        for tier in ("all",) if by_date else ("title", "rest"):
            needed = limit - len(ids)
            if needed <= 0:
                break
            prefix = TITLE_MARK if tier == "title" else ""
            use_index = choose(needed, prefix)
            starts = []
            if use_index:
                starts = window_starts(terms, scope, needed, prefix, now, plan == "window")
            upper = scope.end
            for start in starts:  # newest slice first: [start, upper)
                part = Scope(scope.articles, start, upper)
                ids += _ids(terms, part, tier, True, limit - len(ids), now, bitmap_only=True)
                upper = start
                if len(ids) >= limit:
                    break
            else:  # whatever is older than the slices (or the whole tier)
                older = Scope(scope.articles, scope.start, upper)
                ids += _ids(terms, older, tier, use_index, limit - len(ids), now)
    return ids


def _ids(terms, scope, tier, use_index, limit, now, bitmap_only=False):
    sql, params = _tier_sql(terms, scope, tier, use_index, limit, now, coarse=bitmap_only)
    if not bitmap_only:
        return [row[0] for row in _fetch(sql, params)]
    # Walking the time index and reading every entry's tokens is what the window avoids:
    # only bitmap scans (GIN AND time range) for this one statement.
    with _db().cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        try:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
        finally:
            cursor.execute("SET LOCAL enable_indexscan = on")


def run_search(terms, scope, page=1, page_size=PAGE_SIZE, plan=None, by_date=False):
    """The ids of one page, title matches first (or all newest first, `by_date`), and the
    count so far.

    One pass fetches the ordered ids up to LOOKAHEAD pages beyond the one asked for
    (never more than COUNT_CAP, plus one to know whether more exist; one query per
    tier, or for a tier with many candidates its newest time slices first, see
    `window_starts`). The count is exact when the results end within that window,
    else "more than <window>": page 1 costs 101 ids, not 1,001, and going further
    extends the window. `plan` forces "index", "walk" or "window" (the index in two
    time slices and the rest; tests); by default it is chosen per tier.
    """
    if not terms:
        return SearchResult([], 0, False, 1, 0)
    if not isinstance(scope, Scope):
        scope = Scope(scope)
    page = max(1, page)
    window = min(COUNT_CAP, (page + LOOKAHEAD) * page_size)
    ids = ordered_ids(terms, scope, window + 1, plan, by_date)
    capped = len(ids) > window
    count = min(len(ids), window)
    if count == 0:
        return SearchResult([], 0, False, 1, 0)
    pages = max(1, math.ceil(count / page_size))
    page = min(page, pages)
    offset = (page - 1) * page_size
    at_limit = capped and window >= COUNT_CAP
    return SearchResult(
        ids[:count][offset : offset + page_size], count, capped, page, pages, at_limit
    )

"""Running a search: parse the query, choose a plan, count (capped) and fetch one page.

Matching is exact: an article matches when, for every term, its text contains the term
or one of the term's synonyms (Latin words and numbers as whole words). On PostgreSQL
the GIN index over bigrams/trigrams narrows the candidates first when the terms are rare
enough; for frequent terms the application instead walks the articles newest first
(`article_visible_idx`) and checks the text, which stops as soon as a page is full.
Ranking has two tiers: every term in the title, then the rest; newest first in each.
"""

import math
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import StrIndex

from articles.models import Article

from .index import TITLE_MARK
from .models import SearchEntry, synonym_groups
from .text import encode, normalize, split_terms, term_tokens, tokens_are_exact

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
COUNT_CAP = 1000
PAGE_SIZE = 20
MAX_PAGES = COUNT_CAP // PAGE_SIZE
MAX_ALTERNATIVES = 6


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


def _contains(queryset, terms, column, tag):
    """Add aliases and return the Q: every term (or a synonym) is in `column`."""
    condition = Q()
    for i, term in enumerate(terms):
        either = Q()
        for j, alternative in enumerate(term.alternatives):
            name = f"_{tag}{i}_{j}"
            queryset = queryset.alias(
                **{name: StrIndex(f"search_entry__{column}", Value(alternative.encoded))}
            )
            either |= Q(**{f"{name}__gt": 0})
        condition &= either
    return queryset, condition


def _all_exact(terms):
    # Every alternative of every term is proven by its single token (and all are in the
    # tsquery, which holds only when no alternative lacks tokens).
    return all(alt.exact and alt.tokens for term in terms for alt in term.alternatives)


def matching(base, terms, *, title_tier=None, use_index=False):
    """Articles of `base` matching every term; title_tier True/False keeps one tier."""
    queryset, in_text = _contains(base, terms, "text", "t")
    tsquery = _tsquery(terms, TITLE_MARK if title_tier else "") if use_index else ""
    use_index = bool(tsquery)
    if use_index:
        queryset = queryset.filter(search_entry__vector__tsmatch=tsquery)
    if title_tier:
        queryset, in_title = _contains(queryset, terms, "title", "h")
        # With the index, single-token terms are already proven by the title tokens.
        if not (use_index and _all_exact(terms)):
            queryset = queryset.filter(in_title)
        return queryset
    if not (use_index and _all_exact(terms)):
        queryset = queryset.filter(in_text)
    if title_tier is False:
        queryset, in_title = _contains(queryset, terms, "title", "h")
        queryset = queryset.exclude(in_title)
    return queryset


# --- plan choice -----------------------------------------------------------------------

_stats = {"loaded": 0.0, "rows": 0, "freq": {}, "floor": 0.0}
STATS_TTL = 600
# Below this many expected candidates the GIN index is cheaper than walking by date.
INDEX_CANDIDATES_MIN = 1500


def _load_stats():
    """Row count and the most common tokens' frequencies, as ANALYZE collected them."""
    if time.monotonic() - _stats["loaded"] < STATS_TTL:
        return _stats
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE tablename = %s AND attname = 'vector'",
            [table],
        )
        stats = cursor.fetchone()
    freq = {}
    floor = 0.0
    if stats and stats[0]:
        freq = dict(zip(stats[0], stats[1], strict=False))
        floor = min(stats[1][: len(stats[0])])
    rows = max(row[0] if row else 0, 0)
    _stats.update(loaded=time.monotonic(), rows=rows, freq=freq, floor=floor)
    return _stats


def reset_stats():
    _stats["loaded"] = 0.0


def estimated_fraction(terms, prefix=""):
    """Upper estimate of the share of articles matching: min over a term's tokens (they are
    correlated), sum over synonyms, product over terms (independent)."""
    stats = _load_stats()
    freq, floor = stats["freq"], stats["floor"]
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


def use_index_for(terms, needed, prefix=""):
    """Choose the plan: GIN candidates (about fraction*rows) versus walking by date (about
    needed/fraction rows until `needed` matches are found)."""
    if connection.vendor != "postgresql":
        return False
    if not _tsquery(terms, prefix):
        return False
    rows = _load_stats()["rows"]
    fraction = estimated_fraction(terms, prefix)
    if rows <= 0 or fraction <= 0:
        return True
    candidates = fraction * rows
    walk = min(rows, needed / fraction)
    return candidates < max(INDEX_CANDIDATES_MIN, walk)


# --- the search ------------------------------------------------------------------------


@dataclass
class SearchResult:
    ids: list
    count: int
    capped: bool
    page: int
    pages: int


def base_queryset(channel_ids=None, start=None, end=None):
    """Publicly visible articles (the one definition), filtered."""
    queryset = Article.objects.published()
    if channel_ids:
        queryset = queryset.filter(channel_id__in=channel_ids)
    if start:
        queryset = queryset.filter(publish_at__gte=start)
    if end:
        queryset = queryset.filter(publish_at__lt=end)
    return queryset


def _ids(queryset, offset, limit):
    if limit <= 0:
        return []
    ordered = queryset.order_by("-publish_at", "-pk").values_list("pk", flat=True)
    return list(ordered[offset : offset + limit])


def run_search(terms, base, page=1, page_size=PAGE_SIZE, plan=None):
    """Count (exact up to COUNT_CAP) and the ids of one page, title matches first.

    `plan` forces "index" or "walk" (tests); by default it is chosen per query part.
    """
    if not terms:
        return SearchResult([], 0, False, 1, 0)

    def choose(needed, prefix=""):
        if plan is not None:
            return plan == "index" and connection.vendor == "postgresql"
        return use_index_for(terms, needed, prefix)

    hits = matching(base, terms, use_index=choose(COUNT_CAP + 1)).order_by()
    count = hits[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    pages = max(1, math.ceil(count / page_size))
    page = min(max(1, page), pages)
    offset = (page - 1) * page_size
    if count == 0:
        return SearchResult([], 0, False, 1, 0)

    title_hits = matching(
        base, terms, title_tier=True, use_index=choose(offset + page_size, TITLE_MARK)
    )
    ids = _ids(title_hits, offset, page_size)
    if len(ids) < page_size:
        if ids:
            in_title = offset + len(ids)
        elif offset:
            in_title = title_hits.order_by()[:offset].count()
        else:
            in_title = 0
        rest = matching(
            base, terms, title_tier=False, use_index=choose(offset + page_size - in_title)
        )
        ids += _ids(rest, max(0, offset - in_title), page_size - len(ids))
    return SearchResult(ids, count, capped, page, pages)

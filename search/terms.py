"""Counting what readers search for, as aggregated counts per normalised query per day.

The first page of a search may come from the page cache or the front server, so the
results page itself writes nothing (reading a page never writes). It carries a signed
token of its normalised query and of whether it found anything; the page's script
(static/js/search-count.js) posts that token to `search:count`, which adds one to the
day's row (`SearchTermDay`) with one upsert. The token is the same for every reader of
the same query, so the page stays cacheable, and it is signed, so nobody can post terms
or "no results" flags that no search produced. Readers without JavaScript, and crawlers,
are not counted. Nothing personal is stored: no address, no session, no time of day.
"""

from django.core import signing
from django.db import connection
from django.utils import timezone

from .models import SearchTermDay

SALT = "search.terms"
MAX_QUERY = SearchTermDay._meta.get_field("query").max_length


def normalized_query(parsed):
    """One spelling per query: its terms, normalised (NFKC, case), in the order typed."""
    return " ".join(term.text for term in parsed.terms)[:MAX_QUERY]


def token(query, found_nothing):
    """The signed token of a search, the same for every reader (no time, no session)."""
    return signing.dumps([query, 1 if found_nothing else 0], salt=SALT, compress=False)


def read_token(value):
    """(query, found_nothing) from a token, or None when it is not one of ours."""
    try:
        query, zero = signing.loads(value or "", salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(query, str) or not query or len(query) > MAX_QUERY or zero not in (0, 1):
        return None
    return query, bool(zero)


def record(query, found_nothing, day=None):
    """Add one search of `query` to its day's row: one INSERT … ON CONFLICT DO UPDATE
    (PostgreSQL and SQLite), never a row per search."""
    table = connection.ops.quote_name(SearchTermDay._meta.db_table)
    zero = 1 if found_nothing else 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, query, searches, zero_results) VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT (day, query) DO UPDATE SET searches = {table}.searches + 1, "
            f"zero_results = {table}.zero_results + excluded.zero_results",
            [day or timezone.localdate(), query, zero],
        )

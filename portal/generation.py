"""The content generation: one number that every process of the site sees alike.

Every value derived from public content (cached pages, chrome fragments, the channel tree,
notices, synonyms, word lists, ...) is kept under the generation it was read at. A change of
public content bumps the generation, so the next request of every process, on every app
server, misses and reads the database again. Nothing is invalidated by deleting keys, and
memory local to one process holds values only under the shared generation
(`portal.pagecache.memo`).

Where the generation lives (README, "Caching: one truth"):

- **Always a database row** (`portal.Generation`), updated in the changing transaction
  itself: it moves exactly when the change becomes visible, in every process and, through
  WAL replay, on a read replica at the very moment the replica shows the change. Without
  Redis this row is the shared truth: a request reads it once, one primary-key SELECT.
- **With Redis (`REDIS_URL`)** also a Redis counter, bumped at once and again on commit, and
  read in the same round trip as the cached page, so a warm hit costs no SQL.

A request reads the generation once, at its start (`begin_request`), and everything it
caches is stored under that value: a save that commits while it renders leaves its entries
stale at once, never the other way round. A request that changed content itself stores
nothing derived for the rest of its course (`wrote_in_request`).
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections, transaction
from psycopg import pq

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

REDIS_KEY = "generation"
TABLE = "portal_generation"

_UNREAD = object()
# Per request (or per management command's context): the generation read at its start,
# and whether the request itself changed content.
_request_generation = ContextVar("portal_generation", default=_UNREAD)
_request_wrote = ContextVar("portal_generation_wrote", default=False)


def _now_us():
    return time.time_ns() // 1000


def uses_redis():
    return bool(getattr(settings, "REDIS_URL", ""))


# --- the database row --------------------------------------------------------------------


# The one statement a request adds without Redis (query budgets count it apart).
READ_SQL = f"SELECT value FROM {TABLE} WHERE id = 1"


def row_value(alias="default"):
    """The generation row as the database `alias` sees it (None if the row is missing).

    Often the first statement of a request, and all a warm page-cache hit runs: Django's
    health check of a persistent connection (CONN_HEALTH_CHECKS, a `SELECT 1` first) would
    double its round trips. So the read is its own check: on a reused connection it
    skips Django's, and if the server has dropped the connection (a restart), it is
    closed and the read made once more on a new one, as the health check would have done.
    """
    connection = connections[alias]
    own_check = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if own_check:
        connection.health_check_done = True
    try:
        return _fetch_row(connection)
    except (InterfaceError, OperationalError):
        if not own_check:
            raise
        logger.info("generation read: the database connection was gone; reconnecting")
        connection.close()
        return _fetch_row(connection)


def _fetch_row(connection):
    if connection.vendor == "postgresql" and not (
        connection.queries_logged or connection.execute_wrappers
    ):
        return _fetch_row_libpq(connection)
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL)
        found = cursor.fetchone()
    return found[0] if found else None


_READ_SQL_BYTES = READ_SQL.encode()
# The server-side statement of the read, prepared once per connection.
_STATEMENT = b"portal_generation_read"
_UNDEFINED_STATEMENT = b"26000"  # SQLSTATE: gone (DEALLOCATE, a pooler's other connection)
_DUPLICATE_STATEMENT = b"42P05"


def _fetch_row_libpq(connection):
    """The same read through libpq itself (psycopg's `pgconn`), for the hot path.

    Django's cursor and psycopg's own Python layers cost about 100 µs of CPU per request
    around a 50 µs statement, and PostgreSQL parses and plans a plain query each time (40
    of its 115 µs): a warm hit runs nothing else. So the read is a statement prepared once
    per connection (plain queries on a connection that has lost it). Where statements are
    observed (DEBUG's query log, tests capturing queries, execute wrappers), the read goes
    through the cursor like any other, so what is logged stays complete. Errors are
    Django's, as from a cursor: a dropped connection is an OperationalError that
    `row_value` answers by reconnecting.
    """
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        connection.ensure_connection()
        pgconn = connection.connection.pgconn
        result = _execute_prepared(connection, pgconn)
        if result.ntuples == 0:
            return None
        value = result.get_value(0, 0)
    return None if value is None else int(value)


def _execute_prepared(connection, pgconn):
    if (
        pgconn.transaction_status != pq.TransactionStatus.IDLE
        # In a transaction a failed statement would abort it: no prepared statement there.
        or getattr(connection, "_generation_plain_on", None) is pgconn
    ):
        return _checked(pgconn, pgconn.exec_(_READ_SQL_BYTES))
    if getattr(connection, "_generation_prepared_on", None) is not pgconn:
        prepared = pgconn.prepare(_STATEMENT, _READ_SQL_BYTES)
        if prepared.status != pq.ExecStatus.COMMAND_OK and _sqlstate(prepared) != (
            _DUPLICATE_STATEMENT
        ):
            _raise(pgconn, prepared)
        connection._generation_prepared_on = pgconn
    result = pgconn.exec_prepared(_STATEMENT, [])
    if result.status != pq.ExecStatus.TUPLES_OK and _sqlstate(result) == _UNDEFINED_STATEMENT:
        # The statement is gone: behind a pooler in transaction mode each statement may
        # reach another server connection, so preparing again would only add round trips.
        # Plain queries for the rest of this connection; a new one prepares again.
        connection._generation_prepared_on = None
        connection._generation_plain_on = pgconn
        result = pgconn.exec_(_READ_SQL_BYTES)
    return _checked(pgconn, result)


def _checked(pgconn, result):
    if result.status != pq.ExecStatus.TUPLES_OK:
        _raise(pgconn, result)
    return result


def _sqlstate(result):
    return result.error_field(pq.DiagnosticField.SQLSTATE)


def _raise(pgconn, result):
    message = result.error_message.decode(errors="replace") or "generation read failed"
    gone = pgconn.status != pq.ConnStatus.OK
    raise (psycopg.OperationalError if gone else psycopg.DatabaseError)(message)


def _bump_row():
    """Move the row on, inside the caller's transaction; return the new value.

    `max(value + 1, now in µs)`: a value taken by a transaction that rolled back is not
    taken again by a later one, so nothing stored under it can ever look current.
    """
    now = _now_us()
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET value = CASE WHEN value + 1 > %s THEN value + 1 ELSE %s END "
            "WHERE id = 1 RETURNING value",
            [now, now],
        )
        found = cursor.fetchone()
        if found is None:  # the table was emptied (a test flush): start again from the clock
            cursor.execute(f"INSERT INTO {TABLE} (id, value) VALUES (1, %s)", [now])
            return now
    return found[0]


def _read_row():
    value = row_value()
    if value is None:
        with transaction.atomic():
            return _bump_row()
    return value


# --- Redis -------------------------------------------------------------------------------


def _incr_redis():
    try:
        try:
            return cache.incr(REDIS_KEY)
        except ValueError:
            cache.add(REDIS_KEY, _now_us(), timeout=None)
            return cache.incr(REDIS_KEY)
    except CacheUnavailable:
        # Redis is away: nothing is served from it now; what it still holds when it comes
        # back is older than the next bump or expires within PAGE_CACHE_SECONDS.
        logger.warning("generation: Redis unreachable, not bumped")
        return None


def _read_redis(found=None):
    """The Redis generation (from `found`, a get_many result, when given); None while Redis
    cannot be reached."""
    value = found.get(REDIS_KEY) if found is not None else cache.get(REDIS_KEY)
    if value is None:
        try:
            cache.add(REDIS_KEY, _now_us(), timeout=None)
        except CacheUnavailable:
            return None
        value = cache.get(REDIS_KEY)
    return value


# --- the API -----------------------------------------------------------------------------


def read():
    """The current generation from the shared store (not the request's); None while the
    store cannot be reached (Redis down), in which case nothing may be cached."""
    return _read_redis() if uses_redis() else _read_row()


def read_with(key, store=None):
    """(generation, the value cached under `key` in `store`), in one round trip with Redis.

    Also fixes the generation for the rest of the request (see `current`)."""
    store = store if store is not None else cache
    if uses_redis() and store is cache:
        found = cache.get_many([REDIS_KEY, key])
        gen, value = _read_redis(found), found.get(key)
    else:
        gen, value = read(), store.get(key)
    if _request_generation.get() is _UNREAD:
        _request_generation.set(gen)
    return gen, value


def current():
    """The generation for values cached now: the request's, read once at its start; a fresh
    read outside requests (management commands, shells). None: do not cache."""
    if _request_wrote.get():
        return None
    gen = _request_generation.get()
    if gen is _UNREAD:
        gen = read()
        if _in_request.get():
            _request_generation.set(gen)
    return gen


def bump(**kwargs):
    """Make every cached value stale, in every process: the row in this transaction (visible
    with the change), and with Redis its counter now and again once the change commits (a
    request that read the old rows between the two cannot keep what it built)."""
    _bump_row()
    if uses_redis():
        _incr_redis()
        transaction.on_commit(_incr_redis)
    if _in_request.get():
        _request_wrote.set(True)


def wrote_in_request():
    return _request_wrote.get()


_in_request = ContextVar("portal_generation_in_request", default=False)


def begin_request():
    """Start a request's scope: the generation is read at most once, on first use."""
    return (
        _in_request.set(True),
        _request_generation.set(_UNREAD),
        _request_wrote.set(False),
    )


def end_request(tokens):
    in_request, generation, wrote = tokens
    _request_wrote.reset(wrote)
    _request_generation.reset(generation)
    _in_request.reset(in_request)


@contextmanager
def request_scope():
    """A request's view of the generation outside the middleware (management commands that
    render many pages, tests): read once, on first use."""
    tokens = begin_request()
    try:
        yield
    finally:
        end_request(tokens)


def replica_is_current(alias):
    """Whether the replica `alias` has replayed every change that the primary has committed
    by now: its generation row has caught up with the primary's."""
    try:
        replica = row_value(alias)
    except Exception:  # a replica that cannot answer is not current
        logger.warning("replica %s unreachable: reading from the primary", alias)
        return False
    primary = row_value("default")
    return replica is not None and primary is not None and replica >= primary

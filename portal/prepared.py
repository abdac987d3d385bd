"""Queries the ORM writes once per shape and the database runs many times (issue 25).

A cold page's few queries each take PostgreSQL well under a millisecond, while the ORM
spends milliseconds building their SQL: a UNION ALL of several parts is annotated,
sliced and compiled part by part on every request. `PreparedQuery` compiles the very
queryset the ORM would run, once per *shape* (what changes the SQL text: how many parts,
their limits, the length of an id list, the hidden channels, the database), with marker
values in place of its arguments (the current time, an article's id…); afterwards a
request only binds its arguments and executes. Rows go through the compiler's own
converters, so they are exactly what the queryset returns (tests/portal/test_prepared.py
and the callers' tests run both forms on the same data).

Compiled entries are pure functions of their key, so a per-process LRU is correct in
every worker (nothing in it is data that could go stale); it is bounded by `maxsize`.
"""

import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from django.db import connections
from django.db.models.query import get_related_populators

# Markers: values no real argument takes, distinct per position, recognisable in the
# compiled parameters after the field has prepared them for the database.
_DATETIME_MARKER = datetime(2999, 12, 31, tzinfo=UTC)
_INT_MARKER = -(10**15)


def _marker(index, value):
    if isinstance(value, datetime):
        return _DATETIME_MARKER - timedelta(microseconds=index + 1)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"prepared query arguments are datetimes or ints, not {value!r}")
    return _INT_MARKER - index


def _adapt(connection, value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class PreparedQuery:
    """`build(shape, *args)` returns a queryset (values_list, union…): `args` are the
    values bound on each run (datetimes, ints), `shape` everything else its SQL text
    depends on (hashable). The same `shape` must always build the same SQL."""

    def __init__(self, build, maxsize=128):
        self.build = build
        self.maxsize = maxsize
        self._compiled = OrderedDict()
        self._lock = threading.Lock()

    def _run(self, shape, args, using):
        key = (using, shape, tuple(type(arg) for arg in args))
        with self._lock:  # threaded servers (runserver, gthread) share the LRU
            entry = self._compiled.get(key)
            if entry is not None:
                self._compiled.move_to_end(key)
        if entry is None:
            entry = self._compile(shape, args, using)
            with self._lock:
                self._compiled[key] = entry
                if len(self._compiled) > self.maxsize:
                    self._compiled.popitem(last=False)
        compiler, sql, template, slots = entry
        connection = connections[using]
        params = list(template)
        for position, index in slots:
            params[position] = _adapt(connection, args[index])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return compiler, fetched

    def rows(self, shape, *args, using):
        """The rows `build(shape, *args).using(using)` returns, as tuples."""
        compiler, fetched = self._run(shape, args, using)
        return list(compiler.results_iter([fetched], tuple_expected=True))

    def objects(self, shape, *args, using):
        """The model instances of `build(shape, *args)`, a model queryset, made as Django's
        ModelIterable makes them: with their select_related objects and annotations (not
        for querysets that prefetch or that know related objects)."""
        compiler, fetched = self._run(shape, args, using)
        select, klass_info = compiler.select, compiler.klass_info
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        found = []
        for row in compiler.results_iter([fetched]):
            instance = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def _compile(self, shape, args, using):
        connection = connections[using]
        markers = [_marker(index, value) for index, value in enumerate(args)]
        compiler = self.build(shape, *markers).using(using).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = {_adapt(connection, marker): index for index, marker in enumerate(markers)}
        slots = [
            (position, adapted[param])
            for position, param in enumerate(params)
            if not isinstance(param, bool) and param in adapted
        ]
        # A marker written into the SQL text instead of a parameter could not be rebound.
        for marker in markers:
            if str(_adapt(connection, marker)) in sql:
                raise ValueError(f"an argument of {self.build.__qualname__} is not a parameter")
        return compiler, sql, tuple(params), slots

"""Fast bulk writes for imports, with the same history records django-simple-history makes.

Django's ``bulk_create`` puts every value of every row through the field API:
for a register of 20,000 venues plus their 20,000 history records,
``bulk_create_with_history`` took 5.6 s where these functions take about one
(docs/performance.md). They write the same rows with multi-row INSERTs
(SQLite) or COPY (PostgreSQL, where Django's client-side parameter binding
would parse every placeholder in Python) and ``executemany`` UPDATEs: values
are adapted once per field type, constant ones (timestamps) once per import,
defaults filled in as the model declares them.

The history records are the ones ``simple_history.utils.bulk_create_with_history``
and ``bulk_update_with_history`` would write: every tracked field, the history
type ("+" created, "~" changed), the user, one date and the change reason. They
run inside the caller's transaction, so venues and their history are written
together or not at all.

On SQLite a large write also gets a larger page cache (``page_cache``): the
new rows go into a dozen indexes at scattered places, and with SQLite's
default 2 MB cache the same index pages were written out and read back again
and again (almost a quarter of the CPU time of importing 100,000 new venues).
"""

import gc
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from itertools import chain

from django.conf import settings
from django.db import connections
from django.db.models import AutoField, BigAutoField, Model, SmallAutoField

# Field types whose Python values the database drivers take as they are.
PLAIN_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "BooleanField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "ForeignKey",
}
MAX_PARAMS = 999
MAX_ROWS_PER_STATEMENT = 500
CACHE_KIB_PER_ROW = 1
MAX_CACHE_KIB = 256 * 1024


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an import makes its many small objects.

    Every row of a file makes a few lists, dicts and plans, and the collector
    would go over all the objects made so far again and again (a quarter of
    the CPU time of reading and checking 100,000 rows). Objects are still freed
    as soon as they are unused; cycles wait until the block ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def page_cache(model: type[Model], rows: int) -> Iterator[None]:
    """On SQLite, let the connection cache the pages a write of ``rows`` rows touches.

    About 1 KiB per row, at most 256 MiB, until the block ends; then the cache
    is as before. Other databases size their own buffers.
    """
    connection = connections[model.objects.db]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        before_kib = -before if before < 0 else before * cursor.fetchone()[0] // 1024
        wanted = min(MAX_CACHE_KIB, rows * CACHE_KIB_PER_ROW)
        if wanted > before_kib:
            cursor.execute(f"PRAGMA cache_size = -{int(wanted)}")
    try:
        yield
    finally:
        if wanted > before_kib:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _is_auto(field) -> bool:
    return isinstance(field, AutoField | BigAutoField | SmallAutoField)


class _Columns:
    """How to turn a dict of attribute values into one row of parameters for a model's table."""

    def __init__(self, model: type[Model], constants: dict, connection):
        self.connection = connection
        self.fields = [f for f in model._meta.concrete_fields if not _is_auto(f)]
        self.names = [f.column for f in self.fields]
        # Per column: the attribute to read (a key no dict has, for constants) and the value
        # when it is missing; then the columns whose values need adapting or a fresh default.
        self.pairs: list[tuple[object, object]] = []
        self.adapted: list[tuple[int, object]] = []
        self.fresh: list[tuple[int, object]] = []
        for index, f in enumerate(self.fields):
            if f.attname in constants:
                constant = f.get_db_prep_save(constants[f.attname], connection)
                self.pairs.append((_CONSTANT, constant))
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                raise ValueError(f"{f.attname} needs a value in constants")
            if f.has_default() and callable(f.default):
                self.pairs.append((f.attname, _CONSTANT))
                self.fresh.append((index, f))
            else:
                self.pairs.append((f.attname, f.get_default()))
            if f.get_internal_type() not in PLAIN_TYPES:
                self.adapted.append((index, f))
        self.attnames = [attname for attname, _default in self.pairs]
        self.defaults = [default for _attname, default in self.pairs]

    def row(self, values: dict) -> list:
        out = list(map(values.get, self.attnames, self.defaults))
        for index, field in self.fresh:
            if out[index] is _CONSTANT:
                out[index] = field.get_default()
        for index, field in self.adapted:
            if out[index] is not None:
                out[index] = field.get_db_prep_save(out[index], self.connection)
        return out


_CONSTANT = object()


def insert_rows(
    model: type[Model], rows: Sequence[dict], *, constants: dict, returning: bool = True
) -> list[int]:
    """Insert ``rows`` (attribute -> value); with ``returning``, return the new keys in order.

    With ``returning`` each statement inserts many rows and returns their keys
    (as Django's own bulk_create does on SQLite and PostgreSQL); without it,
    one prepared statement is run for every row (``executemany``).
    """
    if not rows:
        return []
    connection = connections[model.objects.db]
    columns = _Columns(model, constants, connection)
    if connection.vendor == "postgresql":
        return _copy_into_postgresql(model, columns, rows, connection, returning=returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(name) for name in columns.names)
    one = "(" + ", ".join(["%s"] * len(columns.names)) + ")"
    # Only quoted names from the model's own metadata are formatted in; values are params.
    insert = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608  # nosec B608
    if not returning:
        with connection.cursor() as cursor:
            cursor.executemany(insert + one, [columns.row(values) for values in rows])
        return []
    pk = quote(model._meta.pk.column)
    per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, MAX_PARAMS // len(columns.names)))
    one = one.replace("%s", "?")
    ids: list[int] = []
    # The driver's own execute with its "?" placeholders, as COPY on PostgreSQL: Django's
    # would first rewrite each %s of every 999-parameter statement with a regular
    # expression (0.3 s of CPU for 100,000 venues). Its errors still become Django's.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        execute = partial(sqlite3.Cursor.execute, cursor.cursor)
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            execute(
                f"{insert}{', '.join([one] * len(chunk))} RETURNING {pk}",
                list(chain.from_iterable(map(columns.row, chunk))),
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _copy_into_postgresql(model, columns: _Columns, rows, connection, *, returning: bool):
    """PostgreSQL: take the new keys from the table's sequence, then COPY the rows in.

    Django's client-side parameter binding parses every placeholder of every
    statement in Python, which for a multi-row INSERT costs more than the
    insert; COPY sends the rows as data.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = list(columns.names)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            pk = model._meta.pk.column
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            names.insert(0, pk)
        column_list = ", ".join(quote(name) for name in names)
        copying = cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN")
        with connection.wrap_database_errors, copying as copy:
            for index, values in enumerate(rows):
                row = columns.row(values)
                copy.write_row([ids[index], *row] if returning else row)
    return ids


def update_rows(model: type[Model], changes: dict[int, dict], *, constants: dict) -> None:
    """Update each row's changed attributes; rows changing the same fields share one statement."""
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    fixed = {
        model._meta.get_field(name).column: model._meta.get_field(name).get_db_prep_save(
            value, connection
        )
        for name, value in constants.items()
    }
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for key, values in changes.items():
        groups[tuple(sorted(values))].append(key)
    with connection.cursor() as cursor:
        for names, keys in groups.items():
            fields = [_field_by_attname(model, name) for name in names]
            assignments = ", ".join(
                [f"{quote(f.column)} = %s" for f in fields] + [f"{quote(c)} = %s" for c in fixed]
            )
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  # nosec B608
                [
                    [_prepared(f, changes[key][f.attname], connection) for f in fields]
                    + list(fixed.values())
                    + [key]
                    for key in keys
                ],
            )


def _field_by_attname(model, attname: str):
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _prepared(field, value, connection):
    if value is None or field.get_internal_type() in PLAIN_TYPES:
        return value
    return field.get_db_prep_save(value, connection)


def write_history(
    model: type[Model],
    rows: list[dict] | None = None,
    *,
    pks: Iterable[int] = (),
    history_type: str,
    user=None,
    reason: str = "",
    when: datetime,
    constants: dict | None = None,
) -> None:
    """Write one history record per object.

    ``rows`` are the objects' attribute values as just written (with their
    primary keys); without them, the objects named by ``pks`` are read back
    from the table as it now stands.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    if rows is None:
        tracked = [f.attname for f in history.tracked_fields]
        pks = list(pks)
        rows = []
        for start in range(0, len(pks), MAX_PARAMS):
            batch = pks[start : start + MAX_PARAMS]
            rows.extend(model._default_manager.filter(pk__in=batch).values(*tracked))
    if hasattr(history, "history_relation"):
        for values in rows:
            values["history_relation_id"] = values[model._meta.pk.attname]
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    insert_rows(
        history,
        rows,
        constants={
            **(constants or {}),
            "history_date": when,
            "history_type": history_type,
            "history_user_id": user_id,
            "history_change_reason": reason,
        },
        returning=False,
    )

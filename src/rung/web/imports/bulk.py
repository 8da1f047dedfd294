"""Plain multi-row inserts for the import's large writes.

`bulk_create` builds a model instance and compiles SQL per batch of rows; for an org file that
was five times the cost of the insert itself (bench/bench_import.py: 11 s of a 13 s import of
100,000 scores on SQLite). Here each table gets one `executemany` of ready values; the new
rows' primary keys are then read back by their natural key, one query per table. Values go
through each field's own `get_db_prep_save` where the type needs it (dates, decimals), so the
stored text is the same as the ORM's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

ROWS_PER_STATEMENT = 1000  # x at most 10 columns: well below PostgreSQL's 65,535 parameters
# Field types whose Python values the database driver takes as they are.
_AS_IS = {"AutoField", "BigAutoField", "CharField", "SlugField", "TextField", "IntegerField",
          "BigIntegerField", "PositiveIntegerField", "ForeignKey", "OneToOneField",
          "EmailField"}


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts keyed by field attname; missing fields get their default)."""
    if not rows:
        return
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.attname not in rows[0]:
            defaults[f.attname] = f.get_default()
    prepared = {f.attname: f for f in fields if f.get_internal_type() not in _AS_IS}
    cache: dict[tuple[str, Any], Any] = {}

    def value(attname: str, row: Mapping[str, Any]) -> Any:
        v = row.get(attname, defaults.get(attname))
        field = prepared.get(attname)
        if field is None or v is None:
            return v
        key = (attname, v)
        if key not in cache:  # a file repeats the same few dates and scores
            cache[key] = field.get_db_prep_save(v, connection)
        return cache[key]

    names = [f.attname for f in fields]
    head = (f"INSERT INTO {ops.quote_name(model._meta.db_table)} "
            f"({', '.join(ops.quote_name(f.column) for f in fields)}) VALUES ")
    one = f"({', '.join(['%s'] * len(fields))})"
    values = [tuple(value(n, row) for n in names) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: one prepared statement stepped per row is fastest.
            cursor.executemany(head + one, values)
            return
        if connection.vendor == "postgresql":
            # executemany parses each row as its own statement there (8 s for 100,000 scores);
            # COPY streams the rows in one statement (psycopg 3 adapts the Python values).
            columns = ", ".join(ops.quote_name(f.column) for f in fields)
            copy_sql = f"COPY {ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
            return
        # Elsewhere: a thousand rows per statement.
        for start in range(0, len(values), ROWS_PER_STATEMENT):
            chunk = values[start:start + ROWS_PER_STATEMENT]
            cursor.execute(head + ", ".join([one] * len(chunk)),
                           [v for row in chunk for v in row])


def update(model: type[models.Model], attname: str, values: Mapping[int, Any]) -> None:
    """Set one column of many rows by primary key (one executemany)."""
    if not values:
        return
    ops = connection.ops
    field = model._meta.get_field(attname.removesuffix("_id"))
    column = getattr(field, "column", attname)
    pk = model._meta.pk
    assert pk is not None
    sql = (f"UPDATE {ops.quote_name(model._meta.db_table)} SET {ops.quote_name(column)} = %s "
           f"WHERE {ops.quote_name(pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(v, k) for k, v in values.items()])

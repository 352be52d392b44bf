"""Bulk loading with PostgreSQL COPY (text format).

Rows are dicts keyed by field name (``municipality_id`` for foreign keys);
fields a row leaves out get the model's default, ``auto_now`` fields the
current time, so the generator keeps working when models gain fields.
"""

import io
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection, models
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
CHUNK_ROWS = 20_000


@contextmanager
def triggers_off(triggers: Iterable[tuple[str, str]]) -> Iterator[None]:
    """Row triggers, as (table, trigger) pairs, switched off while rows are
    copied and on again after, whatever happens; the caller computes once
    what they keep."""
    triggers = list(triggers)

    def switch(state: str) -> None:
        with connection.cursor() as cursor:
            for table, trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {trigger}")

    switch("DISABLE")
    try:
        yield
    finally:
        switch("ENABLE")


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, UUID):
        return str(value)
    return str(value).translate(_ESCAPES)


def _defaults(model: type[models.Model]) -> tuple[list[models.Field], dict]:
    now = timezone.now()
    fields = [
        f
        for f in model._meta.concrete_fields
        if not getattr(f, "generated", False) and f.get_internal_type() != "SearchVectorField"
    ]
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = ""
    return fields, defaults


def copy_objects(model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY rows (dicts by attname) into the model's table; returns the count.

    Rows without an ``id`` leave it to the database's sequence."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    fields, defaults = _defaults(model)
    if model._meta.pk.attname not in first:
        fields = [f for f in fields if not f.primary_key]
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    total = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg2 cursor, for copy_expert
        for row in rows:
            values = []
            for name in names:
                value = row[name] if name in row else defaults[name]
                values.append(_text(value() if callable(value) else value))
            buffer.write("\t".join(values))
            buffer.write("\n")
            total += 1
            if total % CHUNK_ROWS == 0:
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
    return total


def next_id(model: type[models.Model]) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    """After COPY with explicit ids, move the id sequence past the largest id."""
    table, pk = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608 - names from _meta
            f"COALESCE((SELECT MAX({quote(pk)}) FROM {quote(table)}), 1))",
            [table, pk],
        )

"""One statement run ahead, on a thread of its own, while the request goes on.

A page that waits for one long read — the catalogue's filtered statement,
8–30 ms — can render everything else meanwhile: PostgreSQL answers on one
core while the page's Python runs on the other. ``fetch_ahead`` sends the
statement from a worker thread of this process and returns a function that
waits for its rows.

The worker thread has its own database connection (Django keeps one per
thread); it lives as long as a request's (``CONN_MAX_AGE``) and one found
broken is replaced. The statement runs in the request's own connection
instead:

- inside a transaction: only that connection sees its rows (and the tests'
  rows, each test being a transaction rolled back);
- while the request's queries are recorded (``DEBUG``,
  ``CaptureQueriesContext``): they are counted where they ran;
- if the worker's connection fails (lost, refused): the request answers all
  the same, and the worker connects anew for the next one.

An error of the statement itself (a DataError, say) reaches the caller as it
would have in the request's connection.

Only reads belong here: nothing the thread does is part of the request's
transaction. One worker thread per process: a gunicorn sync worker serves
one request at a time (with threaded workers the statements would queue).
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
)

Rows = list[tuple[Any, ...]]

# A connection that failed, not a statement (those errors reach the caller).
_LOST = (OperationalError, InterfaceError)
# How long a request waits at most for the worker to take its statement.
_SENT_WITHIN = 0.05

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def fetch_ahead(sql: str, params: list) -> Callable[[], Rows]:
    """Start ``sql`` now; the function returned waits for its rows."""
    if connection.in_atomic_block or connection.queries_logged:
        fetched = _fetch(connection, sql, params)
        return lambda: fetched
    sent = threading.Event()
    future = _worker().submit(_fetch_on_own_connection, sql, params, sent)
    # Wait till the worker is about to send it: until the request's thread
    # lets go of the interpreter (a blocking call, or every 5 ms) the worker
    # could not even start, and the statement would not run ahead at all.
    sent.wait(timeout=_SENT_WITHIN)

    def rows() -> Rows:
        try:
            return future.result()
        except _LOST:  # the worker's connection: answer from the request's
            return _fetch(connection, sql, params)

    return rows


def _worker() -> ThreadPoolExecutor:
    # Made on first use, in the process that serves requests (not in a
    # gunicorn master before it forks): a thread does not survive a fork.
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sql-ahead")
        return _executor


def _fetch_on_own_connection(sql: str, params: list, sent: threading.Event) -> Rows:
    own = connections[DEFAULT_DB_ALIAS]  # this worker thread's
    if own.connection is not None and own.close_at is not None and time.monotonic() >= own.close_at:
        own.close()  # as old as CONN_MAX_AGE allows: a new one, as for a request
    try:
        return _fetch(own, sql, params, sent)
    except _LOST:
        own.close()  # the next statement connects anew
        raise
    finally:
        sent.set()  # also when it failed before sending


def _fetch(wrapper, sql: str, params: list, sent: threading.Event | None = None) -> Rows:
    with wrapper.cursor() as cursor:
        if sent is not None:
            sent.set()  # psycopg2 lets go of the interpreter while PostgreSQL works
        cursor.execute(sql, params)
        return cursor.fetchall()


def close_connections() -> None:
    """Close the worker's database connection, if it has one (before a test
    database is dropped: PostgreSQL refuses while anyone is connected)."""
    if _executor is not None:
        _executor.submit(connections.close_all).result()

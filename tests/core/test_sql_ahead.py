"""A statement run ahead (core.sql_ahead): on a worker thread's own connection
when the request's rows are committed, in the request's connection inside a
transaction or while its queries are recorded, and from there again when the
worker's connection fails."""

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from core import sql_ahead
from tests.members.factories import MunicipalityFactory

BACKEND = "SELECT pg_backend_pid(), (SELECT count(*) FROM members_municipality WHERE slug = %s)"


def _own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_committed_rows_are_read_on_the_workers_own_connection():
    MunicipalityFactory(slug="worms")
    rows = sql_ahead.fetch_ahead(BACKEND, ["worms"])
    [(pid, found)] = rows()
    assert found == 1
    assert pid != _own_pid()
    [(again, _found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    assert again == pid  # the worker keeps its connection


@pytest.mark.django_db
def test_inside_a_transaction_the_requests_connection_sees_its_own_rows():
    MunicipalityFactory(slug="worms")  # not committed: the test is a transaction
    with CaptureQueriesContext(connection) as queries:
        [(pid, found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    assert (pid, found) == (_own_pid(), 1)
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_recorded_queries_run_where_they_are_counted():
    with CaptureQueriesContext(connection) as queries:
        [(pid, _found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    assert pid == _own_pid()
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_worker_connection_is_answered_from_the_request_and_replaced():
    MunicipalityFactory(slug="worms")
    [(worker, _found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    with connection.cursor() as cursor:  # the worker's connection is cut off
        cursor.execute("SELECT pg_terminate_backend(%s)", [worker])

    [(answered_by, found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()

    assert (answered_by, found) == (_own_pid(), 1)
    [(replaced, _found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    assert replaced not in (worker, _own_pid())


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_statement_reaches_the_caller():
    with pytest.raises(DataError):
        sql_ahead.fetch_ahead("SELECT 1/0 WHERE %s", [True])()
    [(pid, _found)] = sql_ahead.fetch_ahead(BACKEND, ["worms"])()
    assert pid != _own_pid()  # the worker's connection goes on

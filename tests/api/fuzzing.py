"""Helpers for the schema fuzzing: the WSGI entry, the schema, known objects.

The fuzz tests send every request through Django's full handler (middleware,
URL routing, DRF, the database) the way the test client does, but over WSGI,
so schemathesis can drive it like any WSGI application.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from django.core.signals import got_request_exception
from django.db import DatabaseError, transaction
from django.test.client import ClientHandler
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def generate_schema() -> dict:
    """The OpenAPI document /api/schema/ serves (same generator, same settings)."""
    with GENERATOR_STATS.silence():
        return SchemaGenerator().get_schema(request=None, public=True)


class DjangoWSGIApp:
    """A WSGI application around Django's test ClientHandler.

    Unlike ``get_wsgi_application()`` it does not close the database connection
    after each request, so requests see (and roll back with) the test's
    transaction. Exceptions that Django turned into a 500 are kept with their
    traceback so a failing fuzz case shows the cause, not only the status.
    """

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)
        self.errors: list[str] = []

    def _store(self, sender, request=None, **kwargs) -> None:
        self.errors.append(traceback.format_exc())

    def __enter__(self) -> DjangoWSGIApp:
        got_request_exception.connect(self._store, dispatch_uid=f"fuzz-{id(self)}")
        return self

    def __exit__(self, *exc_info) -> None:
        got_request_exception.disconnect(dispatch_uid=f"fuzz-{id(self)}")

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        # In production each request runs in autocommit: a failed query does not
        # poison the next request. Inside the test's transaction a savepoint per
        # request gives the same.
        savepoint = transaction.savepoint()
        try:
            response = self.handler(environ)
        finally:
            try:
                transaction.savepoint_commit(savepoint)
            except DatabaseError:
                transaction.savepoint_rollback(savepoint)
        headers = list(response.items())
        headers += [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
        # Plain str only, as wsgiref (and so runserver) demands: a str subclass
        # (DRF's Hyperlink as a Location) was a 500 there.
        odd = [(name, type(value).__name__) for name, value in headers if type(value) is not str]
        if odd:
            self.errors.append(f"header values that are not plain str: {odd}")
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return response.streaming_content
        return [response.content]

    def pop_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


# One application for the whole run: schemathesis sends the requests of its
# checks (the same request without a token, …) to the schema's app as well.
WSGI_APP = DjangoWSGIApp()


# --- what the fuzzed network contains --------------------------------------------
# Keys of objects that exist (the demo network plus tests/api/conftest.py's
# additions), so generated requests also name real projects, cities and
# people, not only invented ones that end in a 404 or a 400.

FUZZ_CITIES = ("speyer", "landau")
# a small workshop with a waiting list, a draft, a cancelled meeting
FUZZ_EVENTS = ("fuzz-workshop", "fuzz-entwurf", "fuzz-absage")


def fuzz_project_slug(state: str, city: str) -> str:
    return f"fuzz-{state}-{city}"


def known_keys() -> dict[str, list[str]]:
    from events import demo as events_demo
    from funding import demo as funding_demo
    from members import demo as members_demo
    from projects import demo as projects_demo
    from projects.models import Project

    return {
        "municipalities": [row[1] for row in members_demo.MUNICIPALITIES] + ["kl-digital"],
        "projects": [row[0] for row in projects_demo.PROJECTS]
        + [fuzz_project_slug(s, c) for s in Project.State.values for c in FUZZ_CITIES],
        "topics": [slug for _name, slug, _english in projects_demo.TOPICS],
        "events": [
            events_demo.FIRST_MEETING["slug"],
            events_demo.EXAMPLE_MEETING["slug"],
            *FUZZ_EVENTS,
        ],
        "programs": list(funding_demo.PROGRAMS),
        "emails": [row[0] for row in members_demo.ACCOUNTS],
    }

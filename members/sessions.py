"""The session store: Django's sessions in the database, each read with one
statement made once per process.

Every request of a logged-in person reads its session first; the ORM built
that lookup anew each time, which took several times as long as the database
needs to answer it. Creating, saving, deleting and clearing expired
sessions stay Django's (``django.contrib.sessions.backends.db``)."""

import functools

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from members import backends


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        session = super().load()
        # Begun before members.backends: logged in through Django's backend.
        if session.get(BACKEND_SESSION_KEY) == backends.DJANGO_BACKEND:
            session[BACKEND_SESSION_KEY] = backends.BACKEND
        return session

    def _get_session_from_db(self) -> Session | None:
        """The session of ``session_key`` if it has not expired, as Django's."""
        fields, sql = _load_sql()
        alias = router.db_for_read(Session)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return Session.from_db(alias, fields, row)


@functools.cache
def _load_sql() -> tuple[list[str], str]:
    """The attribute names of a session's columns and the statement that reads them."""
    meta = Session._meta
    qn = connections[router.db_for_read(Session)].ops.quote_name
    columns = ", ".join(qn(field.column) for field in meta.concrete_fields)
    return [field.attname for field in meta.concrete_fields], (
        f"SELECT {columns} FROM {qn(meta.db_table)}"  # noqa: S608 - names from _meta
        f" WHERE {qn(meta.get_field('session_key').column)} = %s"
        f" AND {qn(meta.get_field('expire_date').column)} > %s"
    )

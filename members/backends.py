"""Who is logged in: Django's model backend, the person read with their role
names in one statement.

Every request of a logged-in person loads the person (``get_user``) and
nearly every one asks for the roles (permissions): two queries, the first
built by the ORM each time. One statement made once per process reads both,
as ``ApiToken.find`` does for a token. Logging in, permissions and whom it
lets in (``user_can_authenticate``) stay Django's.
"""

import functools

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from members.models import User
from members.models.users import role_names_sql

# Sessions begun before this backend name Django's; members.sessions reads
# them as this one's.
DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
BACKEND = "members.backends.UserWithRolesBackend"


class UserWithRolesBackend(ModelBackend):
    def get_user(self, user_id):
        fields, sql = _user_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(connection.alias, fields, row[:-1])
        user.role_names = frozenset(row[-1])
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_sql() -> tuple[list[str], str]:
    """The attribute names of a person's columns and the statement that reads
    them and the person's role names by primary key."""
    qn = connection.ops.quote_name
    user = User._meta
    person = f"u.{qn(user.pk.column)}"
    columns = ", ".join(f"u.{qn(field.column)}" for field in user.concrete_fields)
    sql = (
        f"SELECT {columns}, ARRAY({role_names_sql(person)})"  # noqa: S608 - names from _meta
        f" FROM {qn(user.db_table)} u WHERE {person} = %s"
    )
    return [field.attname for field in user.concrete_fields], sql

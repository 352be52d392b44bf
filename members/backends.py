"""Who is logged in: Django's model backend, the person read with their role
names in one statement.

Every request of a logged-in person loads the person (``get_user``) and
nearly every one asks for the roles (permissions): two queries, the first
built by the ORM each time; many show the person's city. One statement made
once per process reads all three, as ``ApiToken.find`` does for a token.
Logging in, permissions and whom it lets in (``user_can_authenticate``) stay
Django's.
"""

import functools

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from members.models import Municipality, User
from members.models.users import role_names_sql

# Sessions begun before this backend name Django's; members.sessions reads
# them as this one's.
DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
BACKEND = "members.backends.UserWithRolesBackend"


class UserWithRolesBackend(ModelBackend):
    def get_user(self, user_id):
        fields, city_fields, sql = _user_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(connection.alias, fields, row[: len(fields)])
        user.role_names = frozenset(row[-1])
        if user.municipality_id is not None:
            city_row = row[len(fields) : len(fields) + len(city_fields)]
            city = Municipality.from_db(connection.alias, city_fields, city_row)
            User.municipality.field.set_cached_value(user, city)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_sql() -> tuple[list[str], list[str], str]:
    """The attribute names of a person's columns and of their city's, and the
    statement that reads them and the person's role names by primary key (the
    city's name shows on many pages: not another query for it)."""
    qn = connection.ops.quote_name
    user, city = User._meta, Municipality._meta
    person = f"u.{qn(user.pk.column)}"
    columns = ", ".join(f"u.{qn(field.column)}" for field in user.concrete_fields)
    city_columns = ", ".join(f"m.{qn(field.column)}" for field in city.concrete_fields)
    city_key = qn(user.get_field("municipality").column)
    sql = (
        f"SELECT {columns}, {city_columns}, ARRAY({role_names_sql(person)})"  # noqa: S608 - names from _meta
        f" FROM {qn(user.db_table)} u"
        f" LEFT JOIN {qn(city.db_table)} m ON m.{qn(city.pk.column)} = u.{city_key}"
        f" WHERE {person} = %s"
    )
    fields = [field.attname for field in user.concrete_fields]
    return fields, [field.attname for field in city.concrete_fields], sql

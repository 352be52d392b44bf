"""Database helpers for migrations that only make sense on PostgreSQL.

The embedded default (SQLite, ``make run``) has neither GIN indexes nor
triggers in PL/pgSQL; such operations change the migration state everywhere
but touch the database only on PostgreSQL.
"""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """Wrap an operation: its state always, its SQL only on PostgreSQL."""

    reversible = True

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state) -> None:
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.operation.migration_name_fragment

    def references_model(self, name, app_label) -> bool:
        return self.operation.references_model(name, app_label)

    def reduce(self, operation, app_label):
        return False

"""Database constraints that also name the field a violation belongs to.

A rule the database can hold is written once, as a constraint: PostgreSQL
refuses what breaks it, and ``Model.full_clean()`` — which every service calls
before it writes — checks it in advance with the same German message. With
``field``, that message is the field's error, so a form shows it next to the
field and the API answers ``{"end_date": ["…"]}`` instead of a general error.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.utils import DEFAULT_DB_ALIAS


class FieldCheckConstraint(models.CheckConstraint):
    def __init__(self, *args, field: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.field = field

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            if self.field is None:
                raise
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        if self.field is not None:
            kwargs["field"] = self.field
        return path, args, kwargs

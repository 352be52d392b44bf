"""Database constraints that also name the field a violation belongs to.

A rule the database can hold is written once, as a constraint: PostgreSQL
refuses what breaks it, and ``Model.full_clean()`` — which every service calls
before it writes — checks it in advance with the same German message. With
``field``, that message is the field's error, so a form shows it next to the
field and the API answers ``{"end_date": ["…"]}`` instead of a general error.
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.utils import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _


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


# --- dates within a sane range -------------------------------------------------
# Dates people enter (project, adoption, grant, programme, payout, obligation
# and meeting dates, membership) lie between 1990 and 2100: the network began
# in 2019, its oldest funding records are from the 1990s, and 9999-12-31 is a
# typing error (or an attack on every sort order and calendar that reads it).
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST_MOMENT = datetime(1990, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
DATE_RANGE_MESSAGE = _("Bitte geben Sie ein Datum zwischen 1990 und 2100 an.")


class FieldRangeConstraint(FieldCheckConstraint):
    """``field`` is empty or between ``lower`` and ``upper`` (both included).

    A CHECK in the database like every FieldCheckConstraint; ``full_clean()``
    checks it in Python, without the query a CheckConstraint would send.
    """

    def __init__(self, *, field: str, lower, upper, name: str, **kwargs) -> None:
        kwargs.pop("condition", None)  # given by the bounds (and by deconstruct)
        condition = Q(**{f"{field}__isnull": True}) | Q(
            **{f"{field}__gte": lower, f"{field}__lte": upper}
        )
        super().__init__(condition=condition, name=name, field=field, **kwargs)
        self.lower, self.upper = lower, upper

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        if exclude and self.field in exclude:
            return
        value = getattr(instance, str(self.field), None)
        if value is not None and not (self.lower <= value <= self.upper):
            raise ValidationError(
                {
                    str(self.field): ValidationError(
                        self.get_violation_error_message(), code=self.violation_error_code
                    )
                }
            )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("condition", None)
        kwargs["lower"], kwargs["upper"] = self.lower, self.upper
        return path, args, kwargs


def date_in_range(field: str, *, name: str) -> FieldRangeConstraint:
    """A DateField between 1990-01-01 and 2100-12-31, with the German message."""
    return FieldRangeConstraint(
        field=field,
        lower=EARLIEST_DATE,
        upper=LATEST_DATE,
        name=name,
        violation_error_message=DATE_RANGE_MESSAGE,
    )


def moment_in_range(field: str, *, name: str) -> FieldRangeConstraint:
    """A DateTimeField in the years 1990 to 2100 (UTC), with the German message."""
    return FieldRangeConstraint(
        field=field,
        lower=EARLIEST_MOMENT,
        upper=LATEST_MOMENT,
        name=name,
        violation_error_message=DATE_RANGE_MESSAGE,
    )


def move_dates_into_range(model, *, to_null: tuple = (), clamp: tuple = ()) -> None:
    """For the data migrations that add these constraints: dates stored before
    (9999-12-31) become empty (``to_null``) or the nearest bound (``clamp``,
    for fields that may not be empty or whose order other constraints hold —
    clamping keeps every "not before" in order). One UPDATE for all fields,
    so no row is checked half-moved."""
    changes, outside = {}, Q()
    for field in (*to_null, *clamp):
        is_moment = isinstance(model._meta.get_field(field), models.DateTimeField)
        lower, upper = (
            (EARLIEST_MOMENT, LATEST_MOMENT) if is_moment else (EARLIEST_DATE, LATEST_DATE)
        )
        early, late = Q(**{f"{field}__lt": lower}), Q(**{f"{field}__gt": upper})
        outside |= early | late
        output = model._meta.get_field(field)
        if field in to_null:
            changes[field] = models.Case(
                models.When(early | late, then=models.Value(None, output_field=output)),
                default=models.F(field),
            )
        else:
            changes[field] = models.Case(
                models.When(early, then=models.Value(lower, output_field=output)),
                models.When(late, then=models.Value(upper, output_field=output)),
                default=models.F(field),
            )
    if changes:
        model.objects.filter(outside).update(**changes)

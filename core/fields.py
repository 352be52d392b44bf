"""Model fields whose forms read numbers the German way.

A money or effort column declared with these gets ``core.forms.AmountField`` or
``WholeNumberField`` in every ModelForm, the portal's and the admin's (inlines
included), so "12.500,00" means the same everywhere. The API's serializers
map them like their Django parents (plain decimal strings).
"""

from django.db import models

from core.forms import AmountField, WholeNumberField


class AmountModelField(models.DecimalField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AmountField, **kwargs})

    def deconstruct(self):
        # Stored exactly like a DecimalField: migrations see no difference.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class CountModelField(models.PositiveIntegerField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WholeNumberField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveIntegerField", args, kwargs


class SmallCountModelField(models.PositiveSmallIntegerField):
    """A small count (months, say): a ``smallint`` column, read like ``CountModelField``."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WholeNumberField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs

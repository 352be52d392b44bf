"""Serializer fields shared by the apps' APIs."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

UNKNOWN_REFERENCE = "unknown_reference"
_WHOLE = re.compile(r"^-?[0-9]+$")


class SlugReference(serializers.SlugRelatedField):
    """Another object named by its slug in a request body.

    A slug that names nothing the caller may see is an error with the code
    ``unknown_reference``; when that is all that is wrong with a body, the
    exception handler answers 404 ("not found or not visible", as for a URL),
    not 400: the body is well formed, the object is missing.
    """

    default_error_messages = {
        UNKNOWN_REFERENCE: _("„%(slug)s“ gibt es nicht oder Sie dürfen es nicht sehen."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        queryset = self.get_queryset()
        assert queryset is not None  # noqa: S101 (writable: DRF requires a queryset)
        try:
            return queryset.get(**{self.slug_field: data})
        except queryset.model.DoesNotExist:
            raise serializers.ValidationError(
                self.error_messages[UNKNOWN_REFERENCE] % {"slug": data[:100]},
                code=UNKNOWN_REFERENCE,
            ) from None
        except queryset.model.MultipleObjectsReturned:  # pragma: no cover (slugs are unique)
            self.fail("invalid")


class StrictCharField(serializers.CharField):
    """Text in a JSON body is a JSON string: ``0`` or ``1.5`` is a 400, not "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A whole number in a JSON body: a JSON integer, or a string of digits.

    DRF's own field cuts a trailing ".000" before reading, so a German
    "1.000" would become 1; here it is a 400 like "1.000.000" or "abc".
    """

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, str) and not _WHOLE.match(data.strip())):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


_WHOLE_NUMBER_FIELDS: tuple[type[models.Field], ...] = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)

# For ModelSerializers that write: model text fields become strict text fields.
STRICT_FIELD_MAPPING: dict[type[models.Field], type[serializers.Field]] = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
    # and whole numbers strict ones ("1.000" days is a 400, not 1)
    **dict.fromkeys(_WHOLE_NUMBER_FIELDS, StrictIntegerField),
}

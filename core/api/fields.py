"""Serializer fields shared by the apps' APIs."""

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers


class SlugReference(serializers.SlugRelatedField):
    """Another object named by its slug in a request body.

    A slug that names nothing the caller may see is a 404 ("not found or not
    visible", as for a URL), not a 400: the body is well formed, the object is
    missing. A value that is no slug at all stays a 400.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.slug_field: data})
        except queryset.model.DoesNotExist:
            raise exceptions.NotFound(
                _("%(name)s „%(slug)s“ gibt es nicht oder Sie dürfen es nicht sehen.")
                % {"name": queryset.model._meta.verbose_name, "slug": data[:100]}
            ) from None
        except queryset.model.MultipleObjectsReturned:  # pragma: no cover (slugs are unique)
            self.fail("invalid")


class StrictCharField(serializers.CharField):
    """Text in a JSON body is a JSON string: ``0`` or ``1.5`` is a 400, not "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# For ModelSerializers that write: model text fields become strict text fields.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
}

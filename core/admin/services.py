"""Admins that write through the services, like pages and API.

The Django admin would save a model form and its inline formsets straight to
the database. A ``ServiceAdmin`` hands every write to the app's services
instead, so a change in the admin gets the same rules, history entries,
derived fields, mails and cache invalidation as the same change in the
portal: a subclass says how to save and delete one object
(``save_through_service``, ``delete_through_service``) and which service
writes each editable inline (``inline_services``). A ValidationError a
service raises rolls the whole save back and shows on the form, at the
fields it names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from core.admin.labels import LabelledFields
from core.errors import add_to_form

_SERVICE_ERROR = "_service_error"


@dataclass(frozen=True)
class InlineService:
    """The services writing one kind of inline row: each called with
    ``(request, parent, obj)``; ``update`` also with the changed field names."""

    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None


class ServiceAdmin(LabelledFields, admin.ModelAdmin):
    inline_services: dict[type[models.Model], InlineService] = {}
    # Technical fields (URL short names) given once: read-only on the change
    # form, since links to the old value would break.
    fixed_after_creation: list[str] = []

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [name for name in self.fixed_after_creation if name not in fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if obj is None:
            return prepopulated
        return {k: v for k, v in prepopulated.items() if k not in self.fixed_after_creation}

    # --- what a subclass provides -------------------------------------------

    def save_through_service(self, request: HttpRequest, obj, form, change: bool):
        """Create or change ``obj`` with the form's cleaned data; return the stored object."""
        raise ImproperlyConfigured(f"{type(self).__name__} must save through a service.")

    def delete_through_service(self, request: HttpRequest, obj) -> None:
        raise ImproperlyConfigured(f"{type(self).__name__} must delete through a service.")

    # --- the admin's hooks, all through the services ------------------------

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request, obj, form, change)
        if saved is not None and saved is not obj:
            # The admin goes on with ``obj`` (history, redirect): it is the stored row now.
            obj.pk = saved.pk
            obj._state.adding = False
            obj._state.db = saved._state.db

    def save_related(self, request, form, formsets, change):
        # The service has written the form's many-to-many fields itself.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if not hasattr(formset, "new_objects"):  # a subclass may have looked already
            formset.save(commit=False)  # what changed, unsaved (also for the change message)
        changes = formset.deleted_objects or formset.changed_objects or formset.new_objects
        if not changes:
            return
        service = self.inline_services.get(formset.model)
        if service is None:
            raise ImproperlyConfigured(f"No service writes {formset.model.__name__} rows.")
        parent = form.instance
        for obj in formset.deleted_objects:
            _call(service.delete, "delete", request, parent, obj)
        for obj, fields in formset.changed_objects:
            _call(service.update, "update", request, parent, obj, fields)
        for obj in formset.new_objects:
            _call(service.create, "create", request, parent, obj)

    def delete_model(self, request, obj):
        self.delete_through_service(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_through_service(request, obj)

    # --- a service's refusal, shown on the form -----------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The admin's transaction is rolled back; the same form again, with the errors.
            setattr(request, _SERVICE_ERROR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        error: ValidationError | None = getattr(request, _SERVICE_ERROR, None)
        if error is None:
            return form_class
        refusal: ValidationError = error

        class FormWithServiceError(form_class):  # type: ignore[valid-type, misc]
            def clean(self):
                cleaned = super().clean()
                add_to_form(self, refusal)
                return cleaned

        return FormWithServiceError


def _call(function, what: str, *args) -> None:
    if function is None:
        raise ImproperlyConfigured(f"This inline cannot {what} rows.")
    function(*args)

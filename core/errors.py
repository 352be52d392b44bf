"""One way from a domain error to what a person or a client sees.

Services raise Django's ``ValidationError`` (German messages, a dict naming
fields where a field is at fault), ``Conflict`` (a ``ValidationError`` whose
cause is the current state, not the input: a second registration, a
transition from the wrong state) and ``PermissionDenied``. Forms show the
messages at their fields (``add_to_form``); the API answers 400 with
``{"field": ["…"], "non_field_errors": ["…"]}``, 409 with ``{"detail": "…"}``
and 403 — through its
exception handler (``core.api.exceptions``), so API views call services
without catching anything.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

NON_FIELD_KEY = "non_field_errors"


class Conflict(ValidationError):
    """The request is well formed but conflicts with the current state: the
    same thing again (a duplicate), or a step the object's state does not
    allow. Forms show it like any ValidationError; the API answers 409."""


def error_dict(error: ValidationError) -> dict[str, list[str]]:
    """Field → messages; errors of no field (or of the whole object) under
    ``non_field_errors``, as the API answers them."""
    if hasattr(error, "error_dict"):
        return {
            NON_FIELD_KEY if name == NON_FIELD_ERRORS else name: messages
            for name, messages in error.message_dict.items()
        }
    return {NON_FIELD_KEY: error.messages}


def add_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's error at the form's fields it names, the rest above the form."""
    for name, messages in error_dict(error).items():
        form.add_error(name if name in form.fields else None, messages)

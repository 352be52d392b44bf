"""Admin actions over a selection, each object through its service; and admins
that only show what services wrote."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def for_each(
    request: HttpRequest,
    objects: Iterable[Any],
    service: Callable[[Any], Any],
    *,
    done_message: Callable[[int], str] | None = None,
) -> list:
    """Call ``service(obj)`` for each selected object; the results of those it
    did. Each one it refuses is named in a message, and the others still go
    ahead; ``done_message(count)`` tells how many it did, if any."""
    results = []
    for obj in objects:
        try:
            results.append(service(obj))
        except ValidationError as error:
            messages.error(request, f"{obj}: {' '.join(error.messages)}")
        except PermissionDenied as error:
            messages.error(request, f"{obj}: {error}")
    if results and done_message is not None:
        messages.success(request, done_message(len(results)))
    return results


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the services write (history, sent reminders): shown, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

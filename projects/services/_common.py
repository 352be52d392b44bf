"""Helpers shared by the service modules."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied


def deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def check_fields(fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")

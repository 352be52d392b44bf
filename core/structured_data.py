"""schema.org JSON-LD for the pages (docs/architecture.md, "Open data").

Each app builds the mapping of its pages (``<app>.structured_data``); this
module holds what they share: the serialisation into a script block that no
text can break out of, and the organisation every page names as publisher.
Contact persons never appear in it.
"""

import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

CONTEXT = "https://schema.org"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def as_json(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - <, >, & escaped above


def absolute(path: str) -> str:
    """An absolute URL of the portal (``SITE_URL``): the same in every answer."""
    return f"{settings.SITE_URL}{path}"

"""Links to many objects of one kind, with the URL reversed once.

``reverse()`` costs tens of microseconds (namespace lookup, the active
language, quoting). A page that links a thousand municipalities would spend
most of its time there; ``slug_links`` reverses once and puts each slug in.
"""

import functools
import re
from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf, reverse

# Reversed in place of a real slug, then replaced by it.
SLUG_MARK = "__slug__"
# Django's slug converter: such a slug goes into a URL as it is.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def is_plain_slug(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


def around_slug(url: str) -> tuple[str, str]:
    """What comes before and after ``SLUG_MARK`` in a URL reversed with it."""
    prefix, _mark, suffix = url.rpartition(SLUG_MARK)
    return prefix, suffix


def slug_links(viewname: str) -> Callable[[str], str]:
    """``link(slug)``: the same as ``reverse(viewname, kwargs={"slug": slug})``.

    Anything but a plain slug goes through reverse() itself (which rejects it).
    The reversal is kept for the URL configuration and script prefix in use.
    """
    return _slug_links(viewname, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=128)
def _slug_links(viewname: str, _urlconf, _script_prefix: str) -> Callable[[str], str]:
    prefix, suffix = around_slug(reverse(viewname, kwargs={"slug": SLUG_MARK}))

    def link(slug: str) -> str:
        if is_plain_slug(slug):
            return f"{prefix}{slug}{suffix}"
        return reverse(viewname, kwargs={"slug": slug})

    return link


def plain_link(viewname: str) -> str:
    """``reverse(viewname)`` for a URL without arguments (the links every page
    carries in its header and footer), kept for the URL configuration and
    script prefix in use."""
    return _plain_link(viewname, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _plain_link(viewname: str, _urlconf, _script_prefix: str) -> str:
    return reverse(viewname)

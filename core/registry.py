"""What the apps contribute to pages that belong to none of them.

The start page shows figures from every app, "Mein Konto" and a
municipality's page show sections from the apps above members. The page's
owner must not import those apps (the layers point one way, see
docs/architecture.md), so each app registers its part here in its
``AppConfig.ready()`` and the page renders whatever is registered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class KeyFigure:
    order: int
    label: str | Promise
    value: Callable[[], int | str]
    # A line under the figure (what it rests on), or None.
    note: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class Section:
    """A template and what it needs; ``context`` returns None to leave it out."""

    order: int
    template: str
    context: Callable[..., dict[str, Any] | None]


class Registry:
    def __init__(self) -> None:
        self.key_figures: list[KeyFigure] = []
        self.account_sections: list[Section] = []
        self.municipality_sections: list[Section] = []

    def add_key_figure(self, figure: KeyFigure) -> None:
        _add(self.key_figures, figure)

    def add_account_section(self, section: Section) -> None:
        _add(self.account_sections, section)

    def add_municipality_section(self, section: Section) -> None:
        _add(self.municipality_sections, section)


def _add(entries: list, entry: KeyFigure | Section) -> None:
    # ready() may run more than once (tests reload apps): register only once.
    if entry not in entries:
        entries.append(entry)
        entries.sort(key=lambda item: item.order)


registry = Registry()


def key_figures() -> list[dict[str, Any]]:
    figures = []
    for figure in registry.key_figures:
        entry: dict[str, Any] = {"value": figure.value(), "label": str(figure.label)}
        if figure.note is not None:
            entry["note"] = figure.note()
        figures.append(entry)
    return figures


def render_sections(
    sections: list[Section], request: HttpRequest, **kwargs: Any
) -> list[SafeString]:
    """Each section rendered for ``request``, in order; those without context left out."""
    rendered = []
    for section in sections:
        context = section.context(request, **kwargs)
        if context is not None:
            html = render_to_string(section.template, context, request=request)
            rendered.append(mark_safe(html))  # noqa: S308 - rendered by the template engine
    return rendered

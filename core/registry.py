"""What the apps contribute to pages that belong to none of them.

The start page shows figures and sections from every app, "Mein Konto" and a
municipality's page show sections from the apps above members, the weekly
digest (projects.digests) lists news from the apps above projects, ``/opendata/``
and its DCAT-AP catalogue (core.opendata) describe the open datasets of every
app. The page's owner must not import those apps (the layers point one way,
see docs/architecture.md), so each app registers its part here in its
``AppConfig.ready()`` and the page renders whatever is registered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
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
    # A name for the page's text to refer to the figure by (``figure_value``).
    name: str = ""
    # A line under the figure (what it rests on), or None.
    note: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class Section:
    """A template and what it needs; ``context`` returns None to leave it out."""

    order: int
    template: str
    context: Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class PersonalData:
    """One app's part of what the portal stores about a person.

    ``collect(user)`` returns JSON-ready data for the person's download ("Meine
    Daten herunterladen"); ``release(user=, actor=)``, if given, runs inside the
    service that deletes or anonymises the person, before the account changes:
    it frees what the person still holds (a seat at a coming meeting) and drops
    what is only about them (mails not yet sent). Records of the city stay.
    """

    order: int
    key: str
    collect: Callable[[Any], Any]
    release: Callable[..., None] | None = None


@dataclass(frozen=True)
class Distribution:
    """One download format of a dataset."""

    # the URL's ``extension`` argument; None for a URL without one
    extension: str | None
    media_type: str
    # EU file-type vocabulary (publications.europa.eu/resource/authority/file-type)
    file_type: str
    label: str


CSV = Distribution("csv", "text/csv", "CSV", "CSV")
JSON = Distribution("json", "application/json", "JSON", "JSON")
ICAL = Distribution("ics", "text/calendar", "ICS", "iCalendar")


@dataclass(frozen=True)
class Dataset:
    """An open dataset as ``/opendata/`` and the DCAT-AP catalogue describe it.

    ``freshness`` answers with one cheap query: the latest change (None for no
    data) and a tuple of what identifies the data's state (counts, latest
    changes, cache versions), from which each download's ETag is made.
    ``url_name`` is the download view, reversed with each distribution's
    ``extension``. ``municipality_keys``, if given, lists the AGS the data
    cover (DCAT-AP.de's political geocoding at municipality level).
    """

    order: int
    key: str
    url_name: str
    title: Promise
    title_en: str
    description: Promise
    description_en: str
    # EU data-theme vocabulary
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    freshness: Callable[[], tuple[datetime | None, tuple]]
    municipality_keys: Callable[[], Iterable[str]] | None = None


@dataclass(frozen=True)
class DigestSection:
    """One app's part of the weekly digest's network news ("Aus dem Netzwerk").

    ``items(now)`` returns what the part lists (read once per run; an empty
    list leaves the part out); ``template`` is the name without extension: the
    digest renders ``<template>.txt`` and ``<template>.html`` with ``items``
    (and the mail's ``site_url``).
    """

    order: int
    key: str
    template: str
    items: Callable[[datetime], list]

    @property
    def text_template(self) -> str:
        return f"{self.template}.txt"

    @property
    def html_template(self) -> str:
        return f"{self.template}.html"


class Registry:
    def __init__(self) -> None:
        self.key_figures: list[KeyFigure] = []
        self.account_sections: list[Section] = []
        self.municipality_sections: list[Section] = []
        self.home_sections: list[Section] = []
        self.personal_data: list[PersonalData] = []
        self.datasets: list[Dataset] = []
        self.digest_sections: list[DigestSection] = []
        # Named places on a lower app's page (``{% slot "project-actions" %}``)
        # where an app above adds its part (the follow button).
        self.slots: dict[str, list[Section]] = {}

    def add_key_figure(self, figure: KeyFigure) -> None:
        _add(self.key_figures, figure)

    def add_account_section(self, section: Section) -> None:
        _add(self.account_sections, section)

    def add_municipality_section(self, section: Section) -> None:
        _add(self.municipality_sections, section)

    def add_home_section(self, section: Section) -> None:
        _add(self.home_sections, section)

    def add_personal_data(self, part: PersonalData) -> None:
        _add(self.personal_data, part)

    def add_dataset(self, dataset: Dataset) -> None:
        if any(known.key == dataset.key for known in self.datasets if known != dataset):
            raise ValueError(f"Two open datasets named {dataset.key!r}")
        _add(self.datasets, dataset)

    def add_digest_section(self, section: DigestSection) -> None:
        _add(self.digest_sections, section)

    def add_slot_section(self, slot: str, section: Section) -> None:
        _add(self.slots.setdefault(slot, []), section)


def _add(
    entries: list, entry: KeyFigure | Section | PersonalData | Dataset | DigestSection
) -> None:
    # ready() may run more than once (tests reload apps): register only once.
    if entry not in entries:
        entries.append(entry)
        entries.sort(key=lambda item: item.order)


registry = Registry()


def key_figures() -> list[dict[str, Any]]:
    return key_figures_and_names()[0]


def key_figures_and_names() -> tuple[list[dict[str, Any]], dict[str, int | str]]:
    """The figures as the page shows them, and the values of the named ones
    (read once: the page's text names the same number as its figure)."""
    figures: list[dict[str, Any]] = []
    named: dict[str, int | str] = {}
    for figure in registry.key_figures:
        value = figure.value()
        entry: dict[str, Any] = {"value": value, "label": str(figure.label)}
        if figure.note is not None:
            entry["note"] = figure.note()
        figures.append(entry)
        if figure.name:
            named[figure.name] = value
    return figures, named


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

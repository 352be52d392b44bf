"""The statement of a filtered catalogue page, compiled once per shape of filters.

The ORM builds a filtered catalogue's SQL (projects.selectors.catalogue): the
filters on the catalogue entries, the search, the order. For the same
*shape* — which filters are set, the yes/no ones' values, the sort, whether
words are searched — it is the same text every time; only the values of the
topic, city, phase, costs and words differ. Building and compiling it took
about 0.7 ms, a tenth of a logged-in search's own work right after a
catalogue change. So each shape is compiled once per process, with stand-in
values, and a request puts its own values where the stand-ins are.

The queryset methods stay the one place of each filter's rule: this module
knows only where their values end up (tests compare both ways of building).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet

from members.models import Municipality
from projects.facets import Statement
from projects.models import Topic
from projects.search import search_terms, search_words

if TYPE_CHECKING:
    from projects.selectors.catalogue import CatalogueFilters

# Values no request has (negative keys, an impossible phase and costs), each
# distinct from the others and from the constants a statement holds (0, 1, "").
_TOPIC = -71_000_001
_CITY = -71_000_002
_PHASE = "~stand-in-phase~"
_COST_MIN = Decimal("-71000003")
_COST_MAX = Decimal("-71000004")
_WORDS = ["zzstandinwort"]


@dataclass(frozen=True)
class _Slot:
    """Where a request's own value goes: the name of what it is."""

    value: str


@dataclass(frozen=True)
class _Shape:
    topic: bool
    municipality: bool
    phase: bool
    reusable: bool | None
    cost_min: bool
    cost_max: bool
    adopted: bool | None
    ready: bool | None
    recommended: bool | None
    state: str
    sort: str
    searched: bool


def _shape(filters: "CatalogueFilters") -> _Shape:
    return _Shape(
        topic=filters.topic is not None,
        municipality=filters.municipality is not None,
        phase=bool(filters.phase),
        reusable=filters.reusable,
        cost_min=filters.cost_min is not None,
        cost_max=filters.cost_max is not None,
        adopted=filters.adopted,
        ready=filters.ready,
        recommended=filters.recommended,
        state=filters.state,
        sort=filters.sort,
        searched=bool(search_words(filters.query)),
    )


def _stand_ins(filters: "CatalogueFilters") -> "CatalogueFilters":
    """``filters`` of the same shape with the stand-in values."""
    return replace(
        filters,
        query=" ".join(_WORDS) if search_words(filters.query) else "",
        topic=Topic(pk=_TOPIC) if filters.topic is not None else None,
        municipality=Municipality(pk=_CITY) if filters.municipality is not None else None,
        phase=_PHASE if filters.phase else "",
        cost_min=_COST_MIN if filters.cost_min is not None else None,
        cost_max=_COST_MAX if filters.cost_max is not None else None,
    )


def _slot_of(param: Any) -> Any:
    """The slot a compiled parameter stands for, or the parameter, a constant."""
    if isinstance(param, list):
        return _Slot("words") if param == _WORDS else param
    if isinstance(param, Decimal):
        return {_COST_MIN: _Slot("cost_min"), _COST_MAX: _Slot("cost_max")}.get(param, param)
    if isinstance(param, str):
        return _Slot("phase") if param == _PHASE else param
    if isinstance(param, int) and not isinstance(param, bool):
        return {_TOPIC: _Slot("topic"), _CITY: _Slot("municipality")}.get(param, param)
    return param


def _expected_slots(shape: _Shape) -> set[_Slot]:
    named = ("topic", "municipality", "phase", "cost_min", "cost_max")
    expected = {_Slot(name) for name in named if getattr(shape, name)}
    return expected | ({_Slot("words")} if shape.searched else set())


class StatementsByShape:
    """``build(filters)``'s statement, compiled once per shape (see the module)."""

    def __init__(self, build: Callable[["CatalogueFilters"], Statement]) -> None:
        self.build = build
        # Few shapes are possible (the form accepts only its choices): no bound.
        self._by_shape: dict[_Shape, tuple[str, tuple] | None] = {}

    def __call__(self, filters: "CatalogueFilters") -> Statement | None:
        """The statement for ``filters``; None if no entry can match them."""
        shape = _shape(filters)
        if shape not in self._by_shape:
            self._by_shape[shape] = self._compile(shape, filters)
        compiled = self._by_shape[shape]
        if compiled is None:
            return None
        sql, params = compiled
        values = {
            "topic": filters.topic.pk if filters.topic is not None else None,
            "municipality": filters.municipality.pk if filters.municipality is not None else None,
            "phase": filters.phase,
            "cost_min": filters.cost_min,
            "cost_max": filters.cost_max,
            "words": search_terms(filters.query),
        }
        return sql, [values[p.value] if isinstance(p, _Slot) else p for p in params]

    def _compile(self, shape: _Shape, filters: "CatalogueFilters") -> tuple[str, tuple] | None:
        # The stand-ins replace all of ``filters``' own values.
        try:
            sql, params = self.build(_stand_ins(filters))
        except EmptyResultSet:  # a state other than published: no entry
            return None
        slots = tuple(_slot_of(param) for param in params)
        missing = _expected_slots(shape) - {slot for slot in slots if isinstance(slot, _Slot)}
        if missing:  # a filter's rule changed the way its value reaches the SQL
            raise RuntimeError(f"stand-ins not found in the catalogue statement: {missing}")
        return sql, slots

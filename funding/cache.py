"""What the funding app caches, under the one policy of ``core.cache``.

A report by city has 11,000 rows (2 MB of JSON; 33,000 and 5 MB at
--scale 3), written by the database in some 20 ms (50 ms). The ministry pulls
the same reports again and again while the figures change a few times a day,
so a report is cached under the *funding* topic, which every funding service
raises, and the cities' names, which the members services raise. The
reader's scope in the key is the one ``funding.permissions.grant_scope``
gives, the same object the selector filtered the grants with: a report is
only ever read in the scope it was computed for.
"""

from collections.abc import Callable

from core import cache
from funding.permissions import GrantScope
from members.cache import MUNICIPALITIES
from projects.cache import CATALOGUE, TOPICS

FUNDING = "funding"


def funding_changed() -> None:
    """Called by every service that changes grants, payouts, obligations or programmes."""
    cache.changed(FUNDING)


def cached_report(
    scope: GrantScope, group_by: str, params: list[tuple[str, str]], compute: Callable[[], bytes]
) -> bytes:
    """The report for one reader scope, grouping and set of filters: its JSON
    as UTF-8 bytes, stored as they are (``core.cache.get_or_compute_bytes``)."""
    return cache.get_or_compute_bytes(
        # Not the name of the pickled entries before: one of those read as
        # raw bytes would be sent as the report.
        "funding-summary-bytes",
        compute,
        depends_on=(FUNDING, MUNICIPALITIES),
        scope=scope.key,
        vary=(group_by, sorted(params)),
    )


def cached_reuse_summary(scope: str, group_by: str, compute: Callable[[], bytes]) -> bytes:
    """What reuse saved (funding.reuse), per reader scope and grouping, as the
    UTF-8 bytes of its JSON, stored as they are: it changes with projects,
    adoptions and reports (every project service raises the catalogue),
    grants (funding), topic and city names."""
    return cache.get_or_compute_bytes(
        # Not the name of the pickled entries before (see cached_report).
        "reuse-summary-bytes",
        compute,
        depends_on=(CATALOGUE, TOPICS, FUNDING, MUNICIPALITIES),
        scope=scope,
        vary=(group_by,),
    )

"""What follows caches, under the one policy of ``core.cache``.

The follow button is on pages whose query count is pinned (a project's page,
a municipality's, the catalogue of a topic): what a person follows is read
once and cached under the person's own topic ``follows:<id>``, which the
follow services raise on every change. Scope: the person (nobody else reads it).
"""

from core import cache


def person_topic(user_id: int) -> str:
    return f"follows:{user_id}"


def follows_changed(user_id: int) -> None:
    """Called by every service that writes a person's follows."""
    cache.changed(person_topic(user_id))


def followed(user_id: int, compute) -> dict[str, tuple[int, str]]:
    """{"projekt:12": (follow id, delivery), …} of one person."""
    return cache.get_or_compute(
        "followed",
        compute,
        depends_on=(person_topic(user_id),),
        scope=f"person-{user_id}",
        vary=(user_id,),
    )

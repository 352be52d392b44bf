"""Writes of the search's thesaurus: synonym groups and compound word parts.

Coordinators keep both in the admin. A synonym group applies to the next
search (PostgreSQL reads the groups while it builds each query); a word part
is also part of the stored search vectors, so the projects whose titles or
summaries contain it are indexed again in the same transaction. Either way
the catalogue's cached results follow (``catalogue_changed``).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.translation import gettext as _

from members.audit import diff, log_action, snapshot
from members.models import User
from projects import permissions
from projects.cache import catalogue_changed
from projects.models import SynonymGroup, WordPart
from projects.services._common import deny

SYNONYM_GROUP_FIELDS = ["terms", "note"]


def _check_allowed(actor: User) -> None:
    if not permissions.can_edit_thesaurus(actor):
        raise deny(_("Nur die Koordination pflegt den Thesaurus der Suche."))


def normalised_terms(terms: Iterable[str]) -> list[str]:
    """Terms without surrounding spaces, empty ones and repeats (ignoring case)."""
    kept: dict[str, str] = {}
    for term in terms:
        term = " ".join((term or "").split())
        if term:
            kept.setdefault(term.lower(), term)
    return list(kept.values())


@transaction.atomic
def synonym_group_save(*, group: SynonymGroup, actor: User) -> SynonymGroup:
    """Create or change a group of terms that mean the same in a search."""
    _check_allowed(actor)
    created = group.pk is None
    before = {} if created else snapshot(SynonymGroup.objects.get(pk=group.pk), ["terms", "note"])
    group.terms = normalised_terms(group.terms or [])
    group.full_clean()
    group.save()
    changes = diff(group, before, SYNONYM_GROUP_FIELDS)
    if created or changes:
        action = "synonym_group.create" if created else "synonym_group.update"
        log_action(actor=actor, obj=group, action=action, changes=changes)
        catalogue_changed(texts=True)
    return group


@transaction.atomic
def synonym_group_delete(*, group: SynonymGroup, actor: User) -> None:
    _check_allowed(actor)
    log_action(
        actor=actor, obj=group, action="synonym_group.delete", changes={"terms": group.terms}
    )
    group.delete()
    catalogue_changed(texts=True)


@transaction.atomic
def word_part_save(*, part: WordPart, actor: User) -> WordPart:
    """Create or change a word part; projects containing it are indexed again."""
    _check_allowed(actor)
    created = part.pk is None
    old = "" if created else WordPart.objects.values_list("word", flat=True).get(pk=part.pk)
    part.word = (part.word or "").strip().lower()
    part.full_clean()
    part.save()
    if part.word != old:
        log_action(
            actor=actor,
            obj=part,
            action="word_part.create" if created else "word_part.update",
            changes={"word": [old, part.word] if old else part.word},
        )
        _index_again([old, part.word])
        catalogue_changed(texts=True)
    return part


@transaction.atomic
def word_part_delete(*, part: WordPart, actor: User) -> None:
    _check_allowed(actor)
    log_action(actor=actor, obj=part, action="word_part.delete", changes={"word": part.word})
    word = part.word
    part.delete()
    _index_again([word])
    catalogue_changed(texts=True)


def _index_again(words: list[str]) -> None:
    """Recompute the search vectors of the projects whose title or summary
    contains one of ``words`` (the vector's trigger splits compounds with the
    word parts as they are now)."""
    patterns = [f"%{word}%" for word in words if word]
    if not patterns:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_project SET search_vector = NULL "
            "WHERE title ILIKE ANY(%s) OR summary ILIKE ANY(%s)",
            [patterns, patterns],
        )

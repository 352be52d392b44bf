"""Writes of topics (Themenfelder), kept by the coordinators in the admin."""

from django.db import transaction

from members.audit import diff, log_action, snapshot
from members.models import User
from projects.cache import catalogue_changed
from projects.models import Topic

TOPIC_FIELDS = ["name", "name_en", "slug", "description"]


@transaction.atomic
def topic_save(*, topic: Topic, actor: User | None, focus_of=None) -> Topic:
    """Create or change a topic (and whose focus it is); the catalogue follows."""
    created = topic.pk is None
    before = {} if created else snapshot(Topic.objects.get(pk=topic.pk), TOPIC_FIELDS)
    topic.full_clean()
    topic.save()
    if focus_of is not None:
        topic.focus_of.set(focus_of)
    changes = diff(topic, before, TOPIC_FIELDS)
    if created or changes:
        action = "topic.create" if created else "topic.update"
        log_action(actor=actor, obj=topic, action=action, changes=changes)
    catalogue_changed(topics=True)
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, actor: User | None) -> None:
    """Delete a topic; its projects stay, without it."""
    log_action(actor=actor, obj=topic, action="topic.delete", changes={"name": topic.name})
    topic.delete()
    catalogue_changed(topics=True)

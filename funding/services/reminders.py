"""When reporting reminders go out: offsets the coordinators keep in the admin."""

from django.db import transaction

from funding.models import ReminderOffset
from members.audit import diff, log_action, snapshot
from members.models import User

OFFSET_FIELDS = ["kind", "days", "is_active"]


@transaction.atomic
def reminder_offset_save(*, offset: ReminderOffset, actor: User | None) -> ReminderOffset:
    created = offset.pk is None
    before = {} if created else snapshot(ReminderOffset.objects.get(pk=offset.pk), OFFSET_FIELDS)
    offset.full_clean()
    offset.save()
    if (changes := diff(offset, before, OFFSET_FIELDS)) or created:
        action = "reminderoffset.create" if created else "reminderoffset.update"
        log_action(actor=actor, obj=offset, action=action, changes=changes)
    return offset


@transaction.atomic
def reminder_offset_delete(*, offset: ReminderOffset, actor: User | None) -> None:
    log_action(
        actor=actor,
        obj=offset,
        action="reminderoffset.delete",
        changes=diff(offset, {}, OFFSET_FIELDS),
    )
    offset.delete()

"""Default reminder offsets for reporting deadlines: 30, 7 and 1 days before the
due date, then every 7 days while overdue. Coordinators edit them in the admin."""

from django.db import migrations

DEFAULTS = [("vor_faelligkeit", 30), ("vor_faelligkeit", 7), ("vor_faelligkeit", 1), ("ueberfaellig", 7)]


def seed(apps, schema_editor):
    ReminderOffset = apps.get_model("funding", "ReminderOffset")
    for kind, days in DEFAULTS:
        if kind == "ueberfaellig" and ReminderOffset.objects.filter(kind=kind).exists():
            continue
        ReminderOffset.objects.get_or_create(kind=kind, days=days, defaults={"is_active": True})


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

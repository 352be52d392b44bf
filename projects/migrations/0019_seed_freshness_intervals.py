"""The intervals of "Noch aktuell?" the issue names: ask after 12 months,
show "möglicherweise veraltet" after 18 (coordinators change them in the admin)."""

from django.db import migrations


def seed(apps, schema_editor):
    interval = apps.get_model("projects", "FreshnessInterval")
    for kind, months in (("ask", 12), ("outdated", 18)):
        interval.objects.get_or_create(kind=kind, defaults={"months": months})


class Migration(migrations.Migration):
    dependencies = [("projects", "0018_still_current_intervals_and_reminders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

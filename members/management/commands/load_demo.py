from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import cache
from members.demo import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demo network (members, projects, funding, meetings from the network's "
        "press releases) and one demo account per role. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Create the well-known demo accounts even though DEBUG is off.",
        )

    def handle(self, *args, not_production: bool, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "DEBUG is off: load_demo creates accounts with a published password. "
                "Pass --i-know-this-is-not-production if this is not a production system."
            )
        # Each app that has demo data keeps it in <app>/demo.py with a load(command);
        # INSTALLED_APPS order is the order of dependence (members first).
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is not None:
                    import_module(module_name).load(self)
            # The demo is written around the services: nothing cached stays.
            cache.changed_everything()
        self.stdout.write(self.style.SUCCESS("Demo-Netzwerk geladen. Demo-Zugänge:"))
        for email, *_rest in ACCOUNTS:
            self.stdout.write(f"  {email}  /  {DEMO_PASSWORD}")

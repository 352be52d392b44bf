from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Förderung")
    # Admin permissions of the roles. Who sees which grant in pages and API is
    # decided by funding.permissions (staff: their own city's grants only).
    role_permissions = {
        "Koordination": [
            f"{action}_{model}"
            for model in (
                "fundingprogram",
                "grant",
                "disbursement",
                "reportingobligation",
                "reminderoffset",
            )
            for action in ("add", "change", "delete", "view")
        ]
        + ["view_reportingreminder"],
        "Ministerium": [
            "view_fundingprogram",
            "view_grant",
            "view_disbursement",
            "view_reportingobligation",
        ],
        "Kommune": ["view_fundingprogram"],
    }

    def ready(self) -> None:
        from core import reminders as engine
        from funding import reminders

        engine.register_outbox("funding", lambda now: reminders.pending_queryset())

        from core.registry import PersonalData, Section, registry
        from funding import personal_data, sections

        registry.add_personal_data(
            PersonalData(30, "funding", personal_data.collect, personal_data.release)
        )
        registry.add_account_section(
            Section(8, "funding/partials/my_deadlines.html", sections.my_deadlines)
        )

"""Shared set-up of the reuse tests (issue 13): an adoption in operation with a report."""

from decimal import Decimal

from projects.models import Adoption, ExperienceReport

REPORT = {
    "effort_person_days": 30,
    "investment_cost": Decimal("12000.00"),
    "running_cost_per_year": Decimal("1500.00"),
    "duration_months": 6,
    "adaptations": "Logo und Texte angepasst.",
    "recommendation": "ja",
    "text": "Lief gut.",
}


def operating(adoption: Adoption) -> Adoption:
    Adoption.objects.filter(pk=adoption.pk).update(status=Adoption.Status.OPERATING)
    adoption.refresh_from_db()
    return adoption


def report_on(adoption: Adoption, **overrides) -> ExperienceReport:
    return ExperienceReport.objects.create(adoption=adoption, **{**REPORT, **overrides})


def api_report(adoption_id: int, **overrides) -> dict:
    data = {
        **REPORT,
        "investment_cost": "12000.00",
        "running_cost_per_year": "1500.00",
        "adoption": adoption_id,
    }
    data.update(overrides)
    return data

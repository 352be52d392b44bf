from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from funding.models import Disbursement, FundingProgram, Grant, ReminderOffset, ReportingObligation
from tests.members.factories import MunicipalityFactory


class FundingProgramFactory(DjangoModelFactory):
    class Meta:
        model = FundingProgram
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")
    funder = "Ministerium des Innern und für Sport Rheinland-Pfalz"


class GrantFactory(DjangoModelFactory):
    """A grant written directly (tests of services create theirs through the services)."""

    class Meta:
        model = Grant
        skip_postgeneration_save = True

    program = factory.SubFactory(FundingProgramFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    purpose = factory.Sequence(lambda n: f"Digitalisierungsvorhaben {n}")
    approved_amount = Decimal("60750.00")
    decision_year = 2019

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)


class DisbursementFactory(DjangoModelFactory):
    class Meta:
        model = Disbursement

    grant = factory.SubFactory(GrantFactory)
    paid_on = date(2020, 1, 15)
    amount = Decimal("1000.00")


class ObligationFactory(DjangoModelFactory):
    class Meta:
        model = ReportingObligation

    grant = factory.SubFactory(GrantFactory)
    kind = ReportingObligation.Kind.FINAL
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


def default_offsets() -> None:
    """The defaults of the data migration (a transactional test's flush removes them)."""
    for days in (30, 7, 1):
        ReminderOffset.objects.get_or_create(kind=ReminderOffset.Kind.BEFORE, days=days)
    ReminderOffset.objects.get_or_create(kind=ReminderOffset.Kind.OVERDUE, days=7)


_project_numbers = iter(range(1, 10**9))


def make_project(city, title: str | None = None, state: str = "published"):
    """A project with only the fields funding relies on (the projects app is
    extended in parallel; its own factories may differ)."""
    from projects.models import Project

    number = next(_project_numbers)
    return Project.objects.create(
        title=title or f"Projekt {number}",
        slug=f"projekt-{number}-{city.slug}",
        summary="Kurzbeschreibung",
        lead_municipality=city,
        state=state,
    )

"""Demo data: the press releases' figures, nothing invented, idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from funding import services
from funding.models import FundingProgram, Grant, ReportingObligation
from members.models import User


def _load():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_grants_are_the_press_release_figures():
    _load()
    founding = Grant.objects.filter(program__slug="ikone-ds")
    assert sorted(founding.values_list("municipality__slug", flat=True)) == [
        "andernach",
        "speyer",
        "woerth-am-rhein",
        "zweibruecken",
    ]
    assert set(founding.values_list("approved_amount", "decision_year")) == {
        (Decimal("60750.00"), 2019)
    }
    phase3 = Grant.objects.get(municipality__slug="kaiserslautern", decision_year=2022)
    assert phase3.approved_amount == Decimal("708000.00")
    assert phase3.phase == "3. Projektphase"
    assert "04.05.2022" in phase3.note
    total = Grant.objects.get(municipality__slug="kaiserslautern", decision_year__isnull=True)
    assert total.approved_amount == Decimal("2870000.00")
    assert total.is_rounded
    assert "rund 2,87 Millionen Euro" in total.note


@pytest.mark.django_db
def test_unknown_facts_stay_empty():
    _load()
    for grant in Grant.objects.all():
        assert grant.file_reference == ""
        assert grant.decision_date is None
        assert grant.funding_rate is None
        assert grant.period_start is None and grant.period_end is None
        assert not grant.disbursements.exists()
    assert set(FundingProgram.objects.values_list("budget", flat=True)) == {None}
    assert ReportingObligation.objects.exists()
    assert not ReportingObligation.objects.filter(is_example=False).exists()


@pytest.mark.django_db
def test_demo_is_idempotent_and_keeps_a_submission():
    _load()
    obligation = ReportingObligation.objects.get(grant__municipality__slug="speyer")
    services.obligation_submit(
        obligation=obligation, actor=User.objects.get(email="koordination@demo.ikone-rlp.de")
    )
    counts = (
        FundingProgram.objects.count(),
        Grant.objects.count(),
        ReportingObligation.objects.count(),
    )
    _load()
    assert (
        (
            FundingProgram.objects.count(),
            Grant.objects.count(),
            ReportingObligation.objects.count(),
        )
        == counts
        == (2, 6, 6)
    )
    obligation.refresh_from_db()
    assert obligation.is_submitted

"""The coordinators' admin: saves go through the services (rules, history),
filters, search, the totals line and the exports of the filtered list."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding import services
from funding.models import Disbursement, Grant, ReminderOffset
from members.audit import history_for
from tests.funding.factories import FundingProgramFactory, GrantFactory

CHANGELIST = reverse("admin:funding_grant_changelist")


def _inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _grant_form(program, municipality, **overrides) -> dict:
    data = {
        "program": program.pk,
        "municipality": municipality.pk,
        "file_reference": "MdI-2024-001",
        "purpose": "Digitale Verwaltung",
        "phase": "",
        "approved_amount": "100000.00",
        "funding_rate": "",
        "decision_date": "",
        "decision_year": "2024",
        "period_start": "",
        "period_end": "",
        "note": "",
        **_inline_management("disbursements"),
        **_inline_management("obligations"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


@pytest.mark.django_db
class TestGrantForm:
    def test_add_with_payout_and_obligation_goes_through_services(
        self, admin_client, program, speyer
    ):
        data = _grant_form(
            program,
            speyer,
            **_inline_management("disbursements", total=1),
            **{"disbursements-0-paid_on": "2024-03-01", "disbursements-0-amount": "25000.00"},
            **_inline_management("obligations", total=1),
            **{"obligations-0-kind": "verwendungsnachweis", "obligations-0-due_date": "2025-06-30"},
        )
        response = admin_client.post(reverse("admin:funding_grant_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        grant = Grant.objects.with_amounts().get()
        assert grant.disbursed == Decimal("25000.00")
        assert grant.status == Grant.Status.DISBURSING
        assert grant.obligations.get().due_date == date(2025, 6, 30)
        actions = set(history_for(grant).values_list("action", flat=True))
        assert {
            "grant.create",
            "disbursement.create",
            "obligation.create",
            "grant.status",
        } <= actions

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("approved_amount", "-100.00", "größer als 0"),
            ("approved_amount", "0", "größer als 0"),
            ("approved_amount", "100,005", "Dezimalstellen"),
            ("funding_rate", "0", "höchstens 100 Prozent"),
            ("funding_rate", "120", "höchstens 100 Prozent"),
            ("period_end", "2019-01-01", "nicht vor dem Beginn"),
        ],
    )
    def test_bad_values_are_refused_at_the_field(
        self, admin_client, program, speyer, field, value, message
    ):
        data = _grant_form(program, speyer, period_start="2020-01-01", **{field: value})
        response = admin_client.post(reverse("admin:funding_grant_add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert message in " ".join(errors[field])
        assert not Grant.objects.exists()

    def test_payouts_beyond_approved_amount_are_refused(self, admin_client, program, speyer):
        data = _grant_form(
            program,
            speyer,
            **_inline_management("disbursements", total=2),
            **{
                "disbursements-0-paid_on": "2024-03-01",
                "disbursements-0-amount": "60000.00",
                "disbursements-1-paid_on": "2024-04-01",
                "disbursements-1-amount": "40000.01",
            },
        )
        response = admin_client.post(reverse("admin:funding_grant_add"), data)
        assert response.status_code == 200
        assert "übersteigt den noch offenen Betrag" in response.content.decode()
        assert not Grant.objects.exists()
        assert not Disbursement.objects.exists()

    def test_negative_payout_refused_in_inline(self, admin_client, program, speyer):
        data = _grant_form(
            program,
            speyer,
            **_inline_management("disbursements", total=1),
            **{"disbursements-0-paid_on": "2024-03-01", "disbursements-0-amount": "-5.00"},
        )
        response = admin_client.post(reverse("admin:funding_grant_add"), data)
        assert "Der Betrag muss größer als 0 sein." in response.content.decode()
        assert not Grant.objects.exists()

    def test_change_approved_amount_below_paid_refused(
        self, admin_client, speyer_grant, coordinator
    ):
        payout = services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("30000.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        data = _grant_form(
            speyer_grant.program,
            speyer_grant.municipality,
            file_reference=speyer_grant.file_reference,
            approved_amount="20000.00",
            **_inline_management("disbursements", total=1, initial=1),
            **{
                "disbursements-0-id": payout.pk,
                "disbursements-0-grant": speyer_grant.pk,
                "disbursements-0-paid_on": "2019-06-01",
                "disbursements-0-amount": "30000.00",
            },
        )
        response = admin_client.post(
            reverse("admin:funding_grant_change", args=[speyer_grant.pk]), data
        )
        assert response.status_code == 200
        # The service refuses the lower amount (the payout stays as it was).
        assert "darf nicht unter den bereits ausgezahlten" in response.content.decode()
        speyer_grant.refresh_from_db()
        assert speyer_grant.approved_amount == Decimal("60750.00")

    def test_ministry_and_staff_have_no_admin(self, actor_client, ministry, speyer_staff):
        for user in (ministry, speyer_staff):
            response = actor_client(user).get(CHANGELIST)
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]


@pytest.fixture
def listed(program, speyer, landau, coordinator):
    other = FundingProgramFactory(slug="hds", name="Herzlich digitale Stadt")
    a = GrantFactory(
        program=program, municipality=speyer, decision_year=2019, file_reference="AZ-19-SP"
    )
    b = GrantFactory(
        program=program,
        municipality=landau,
        decision_year=2020,
        file_reference="AZ-20-LD",
        approved_amount=Decimal("50000.00"),
    )
    c = GrantFactory(
        program=other,
        municipality=speyer,
        decision_year=2022,
        file_reference="AZ-22-SP",
        approved_amount=Decimal("708000.00"),
    )
    services.disbursement_create(
        grant=c, amount=Decimal("0.01"), paid_on=date(2022, 6, 1), actor=coordinator
    )
    return a, b, c


@pytest.mark.django_db
class TestGrantList:
    def test_filters_search_and_totals(self, admin_client, listed):
        a, b, c = listed
        response = admin_client.get(CHANGELIST, {"municipality__id__exact": c.municipality_id})
        totals = response.context_data["funding_totals"]
        assert (totals.grants, totals.approved, totals.disbursed) == (
            2,
            Decimal("768750.00"),
            Decimal("0.01"),
        )
        assert "768.750,00\u00a0€" in response.content.decode()
        response = admin_client.get(CHANGELIST, {"decision_year": "2020"})
        assert list(response.context_data["cl"].queryset) == [b]
        response = admin_client.get(CHANGELIST, {"program__id__exact": c.program_id})
        assert list(response.context_data["cl"].queryset) == [c]
        response = admin_client.get(CHANGELIST, {"status__exact": "teilweise_ausgezahlt"})
        assert list(response.context_data["cl"].queryset) == [c]
        response = admin_client.get(CHANGELIST, {"q": "AZ-20"})
        assert list(response.context_data["cl"].queryset) == [b]
        assert response.context_data["funding_totals"].approved == Decimal("50000.00")

    def test_csv_export_of_filtered_list(self, admin_client, listed):
        a, b, c = listed
        url = reverse("admin:funding_grant_export", args=["csv"])
        response = admin_client.get(url, {"municipality__id__exact": a.municipality_id})
        assert response["Content-Disposition"].startswith('attachment; filename="foerderbescheide-')
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert {row["file_reference"] for row in rows} == {"AZ-19-SP", "AZ-22-SP"}
        row = next(row for row in rows if row["file_reference"] == "AZ-22-SP")
        assert (row["approved"], row["disbursed"], row["remaining"]) == (
            "708000.00",
            "0.01",
            "707999.99",
        )

    def test_xlsx_export_of_filtered_list(self, admin_client, listed):
        url = reverse("admin:funding_grant_export", args=["xlsx"])
        response = admin_client.get(url, {"decision_year": "2022"})
        assert response["Content-Disposition"].endswith('.xlsx"')
        header, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True
        )
        assert header[1] == "Aktenzeichen"
        assert len(rows) == 1
        approved, disbursed, remaining = rows[0][9], rows[0][10], rows[0][11]
        assert (approved, disbursed, remaining) == (708000, 0.01, 707999.99)


@pytest.mark.django_db
def test_reminder_offsets_are_editable(admin_client):
    response = admin_client.post(
        reverse("admin:funding_reminderoffset_add"),
        {"kind": "vor_faelligkeit", "days": "14", "is_active": "on"},
    )
    assert response.status_code == 302
    assert ReminderOffset.objects.filter(days=14).exists()
    response = admin_client.post(
        reverse("admin:funding_reminderoffset_add"), {"kind": "vor_faelligkeit", "days": "0"}
    )
    assert response.status_code == 200
    assert "mindestens 1 Tag" in response.content.decode()

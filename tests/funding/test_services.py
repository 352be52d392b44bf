"""Rules of the services: clear German errors, nothing half-written, history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from funding import services
from funding.models import Disbursement, Grant, ReportingObligation
from members.audit import history_for
from members.models import AuditEntry

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _grant(program, municipality, actor, **values):
    data = {
        "program": program,
        "municipality": municipality,
        "purpose": "Gründungsförderung",
        "approved_amount": Decimal("60750.00"),
        "decision_year": 2019,
        **values,
    }
    return services.grant_create(actor=actor, **data)


def _messages(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


@pytest.mark.django_db
class TestGrantCreate:
    def test_records_grant_with_history(self, program, speyer, coordinator):
        grant = _grant(program, speyer, coordinator, file_reference="AZ-1")
        assert grant.status == Grant.Status.APPROVED
        entry = history_for(grant).get()
        assert entry.action == "grant.create"
        assert entry.actor == coordinator
        assert entry.changes["approved_amount"] == [None, "60750.00"]

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            (Decimal("-5.00"), "größer als 0"),
            (Decimal("0"), "größer als 0"),
            (Decimal("0.00"), "größer als 0"),
            (Decimal("100.005"), "höchstens zwei Nachkommastellen"),
            (Decimal("1000000000000.00"), "zu groß"),
        ],
    )
    def test_refuses_bad_amounts(self, program, speyer, coordinator, amount, message):
        with pytest.raises(ValidationError) as error:
            _grant(program, speyer, coordinator, approved_amount=amount)
        assert message in _messages(error, "approved_amount")
        assert not Grant.objects.exists()
        assert not AuditEntry.objects.exists()

    @pytest.mark.parametrize(
        "rate", [Decimal("0"), Decimal("120"), Decimal("-10"), Decimal("100.01")]
    )
    def test_refuses_rate_outside_zero_to_hundred(self, program, speyer, coordinator, rate):
        with pytest.raises(ValidationError) as error:
            _grant(program, speyer, coordinator, funding_rate=rate)
        assert "größer als 0 und höchstens 100 Prozent" in _messages(error, "funding_rate")
        assert not Grant.objects.exists()

    @pytest.mark.parametrize("rate", [Decimal("0.01"), Decimal("90"), Decimal("100")])
    def test_accepts_rate_in_range(self, program, speyer, coordinator, rate):
        assert _grant(program, speyer, coordinator, funding_rate=rate).funding_rate == rate

    def test_refuses_period_ending_before_start(self, program, speyer, coordinator):
        with pytest.raises(ValidationError) as error:
            _grant(
                program,
                speyer,
                coordinator,
                period_start=date(2020, 1, 1),
                period_end=date(2019, 12, 31),
            )
        assert "nicht vor dem Beginn" in _messages(error, "period_end")

    def test_file_reference_is_unique_when_set(self, program, speyer, landau, coordinator):
        _grant(program, speyer, coordinator, file_reference="MdI-17-2019")
        _grant(program, landau, coordinator)  # blank references do not collide
        _grant(program, landau, coordinator)
        with pytest.raises(ValidationError) as error:
            _grant(program, landau, coordinator, file_reference="MdI-17-2019")
        assert "Aktenzeichen ist bereits vergeben" in " ".join(error.value.messages)
        assert Grant.objects.count() == 3

    def test_year_follows_decision_date(self, program, speyer, coordinator):
        grant = _grant(
            program, speyer, coordinator, decision_year=None, decision_date=date(2022, 5, 4)
        )
        assert grant.decision_year == 2022

    def test_refuses_year_not_matching_date(self, program, speyer, coordinator):
        with pytest.raises(ValidationError) as error:
            _grant(program, speyer, coordinator, decision_year=2021, decision_date=date(2022, 5, 4))
        assert "passen" in _messages(error, "decision_year")


@pytest.mark.django_db
class TestDisbursements:
    def test_payouts_move_status(self, speyer_grant, coordinator):
        services.grant_refresh_status(grant=speyer_grant, actor=coordinator)
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("20000.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.DISBURSING
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("40750.00"),
            paid_on=date(2019, 9, 1),
            actor=coordinator,
        )
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.PAID
        actions = list(history_for(speyer_grant).values_list("action", flat=True))
        assert actions.count("disbursement.create") == 2
        assert actions.count("grant.status") == 2

    def test_refuses_payout_beyond_approved_amount(self, speyer_grant, coordinator):
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("60000.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        audit_before = AuditEntry.objects.count()
        with pytest.raises(ValidationError) as error:
            services.disbursement_create(
                grant=speyer_grant,
                amount=Decimal("750.01"),
                paid_on=date(2019, 7, 1),
                actor=coordinator,
            )
        message = _messages(error, "amount")
        assert "übersteigt den noch offenen Betrag von 750,00\u00a0€" in message
        assert "bereits ausgezahlt 60.000,00\u00a0€" in message
        assert Disbursement.objects.count() == 1
        assert AuditEntry.objects.count() == audit_before

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            (Decimal("-1.00"), "größer als 0"),
            (Decimal("0.00"), "größer als 0"),
            (Decimal("10.999"), "höchstens zwei Nachkommastellen"),
            (None, "Bitte geben Sie einen Betrag an"),
        ],
    )
    def test_refuses_bad_payout_amounts(self, speyer_grant, coordinator, amount, message):
        with pytest.raises(ValidationError) as error:
            services.disbursement_create(
                grant=speyer_grant, amount=amount, paid_on=date(2019, 6, 1), actor=coordinator
            )
        assert message in _messages(error, "amount")
        assert not Disbursement.objects.exists()

    def test_exact_remaining_amount_is_accepted(self, speyer_grant, coordinator):
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("60750.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        grant = Grant.objects.with_amounts().get(pk=speyer_grant.pk)
        assert grant.remaining == Decimal("0.00")

    def test_update_and_delete_keep_the_rule(self, speyer_grant, coordinator):
        payout = services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("30000.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        with pytest.raises(ValidationError):
            services.disbursement_update(
                disbursement=payout,
                amount=Decimal("60750.01"),
                paid_on=date(2019, 6, 1),
                actor=coordinator,
            )
        services.disbursement_update(
            disbursement=payout,
            amount=Decimal("60750.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.PAID
        services.disbursement_delete(disbursement=payout, actor=coordinator)
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.APPROVED
        assert "disbursement.delete" in history_for(speyer_grant).values_list("action", flat=True)

    def test_grant_stores_the_sum_of_its_payouts(self, speyer_grant, coordinator):
        def stored_and_summed() -> tuple[Decimal, Decimal]:
            speyer_grant.refresh_from_db()
            summed = sum(speyer_grant.disbursements.values_list("amount", flat=True), Decimal(0))
            return speyer_grant.disbursed_amount, summed

        first = services.disbursement_create(
            grant=speyer_grant, amount=Decimal("0.01"), paid_on=date(2019, 6, 1), actor=None
        )
        second = services.disbursement_create(
            grant=speyer_grant, amount=Decimal("20000.10"), paid_on=date(2019, 7, 1), actor=None
        )
        assert stored_and_summed() == (Decimal("20000.11"), Decimal("20000.11"))
        services.disbursement_update(
            disbursement=first, amount=Decimal("749.90"), paid_on=date(2019, 6, 1), actor=None
        )
        assert stored_and_summed() == (Decimal("20750.00"), Decimal("20750.00"))
        with pytest.raises(ValidationError):
            services.disbursement_update(
                disbursement=second,
                amount=Decimal("60000.11"),
                paid_on=date(2019, 7, 1),
                actor=None,
            )
        assert stored_and_summed() == (Decimal("20750.00"), Decimal("20750.00"))
        services.disbursement_delete(disbursement=second, actor=None)
        assert stored_and_summed() == (Decimal("749.90"), Decimal("749.90"))
        services.grant_update(grant=speyer_grant, purpose="Neuer Zweck", actor=None)
        assert stored_and_summed() == (Decimal("749.90"), Decimal("749.90"))
        grant = Grant.objects.with_amounts().get(pk=speyer_grant.pk)
        assert (grant.disbursed, grant.remaining) == (Decimal("749.90"), Decimal("60000.10"))

    def test_approved_amount_cannot_drop_below_paid(self, speyer_grant, coordinator):
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("30000.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        with pytest.raises(ValidationError) as error:
            services.grant_update(
                grant=speyer_grant, approved_amount=Decimal("29999.99"), actor=coordinator
            )
        assert "30.000,00" in _messages(error, "approved_amount")
        speyer_grant.refresh_from_db()
        assert speyer_grant.approved_amount == Decimal("60750.00")


@pytest.mark.django_db
class TestObligations:
    def _upload(self, name="nachweis.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    def test_staff_submits_own_obligation_with_document(
        self, speyer_obligation, speyer_staff, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        result = services.obligation_submit(
            obligation=speyer_obligation, actor=speyer_staff, document=self._upload()
        )
        assert result.status == ReportingObligation.Status.SUBMITTED
        assert result.document_name == "nachweis.pdf"
        assert result.document_content_type == "application/pdf"
        assert "obligation.submit" in history_for(speyer_obligation.grant).values_list(
            "action", flat=True
        )

    def test_staff_must_upload_a_document(self, speyer_obligation, speyer_staff):
        with pytest.raises(ValidationError) as error:
            services.obligation_submit(obligation=speyer_obligation, actor=speyer_staff)
        assert "Nachweisdokument" in _messages(error, "document")
        speyer_obligation.refresh_from_db()
        assert speyer_obligation.status == ReportingObligation.Status.OPEN

    def test_refuses_disguised_file(self, speyer_obligation, speyer_staff, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        with pytest.raises(ValidationError) as error:
            services.obligation_submit(
                obligation=speyer_obligation,
                actor=speyer_staff,
                document=self._upload("nachweis.pdf", b"MZ\x90\x00 not a pdf"),
            )
        assert "Dateityp ist nicht erlaubt" in _messages(error, "document")
        assert not list(tmp_path.rglob("*.*"))
        speyer_obligation.refresh_from_db()
        assert speyer_obligation.status == ReportingObligation.Status.OPEN

    def test_other_city_and_ministry_may_not_submit(
        self, speyer_obligation, landau_staff, ministry
    ):
        for actor in (landau_staff, ministry):
            with pytest.raises(PermissionDenied):
                services.obligation_submit(
                    obligation=speyer_obligation, actor=actor, document=self._upload()
                )

    def test_coordinator_may_record_paper_submission(self, speyer_obligation, coordinator):
        result = services.obligation_submit(
            obligation=speyer_obligation, actor=coordinator, submitted_on=date(2024, 3, 1)
        )
        assert result.submitted_on == date(2024, 3, 1)
        assert not result.document

    def test_cannot_submit_twice(self, speyer_obligation, coordinator):
        services.obligation_submit(obligation=speyer_obligation, actor=coordinator)
        with pytest.raises(ValidationError) as error:
            services.obligation_submit(obligation=speyer_obligation, actor=coordinator)
        assert "bereits am" in " ".join(error.value.messages)

    def test_future_submission_date_refused(self, speyer_obligation, coordinator):
        with pytest.raises(ValidationError) as error:
            services.obligation_submit(
                obligation=speyer_obligation, actor=coordinator, submitted_on=date(2999, 1, 1)
            )
        assert "Zukunft" in _messages(error, "submitted_on")

    def test_all_obligations_submitted_and_paid_completes_grant(self, speyer_grant, coordinator):
        obligation = services.obligation_create(
            grant=speyer_grant,
            kind="verwendungsnachweis",
            due_date=date(2020, 6, 30),
            actor=coordinator,
        )
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("60750.00"),
            paid_on=date(2019, 6, 1),
            actor=coordinator,
        )
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.PAID
        services.obligation_submit(obligation=obligation, actor=coordinator)
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.COMPLETED
        services.obligation_reopen(obligation=obligation, actor=coordinator)
        speyer_grant.refresh_from_db()
        assert speyer_grant.status == Grant.Status.PAID

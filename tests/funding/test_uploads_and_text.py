"""Issue 11's upload and text attacks on funding: a proof PDF named
evil.html, a right-to-left override in a grant's texts, dates such as
9999-12-31 on grants, programmes, payouts and obligations — German errors at
the field (admin form, page, service), cleaned names, nothing half-written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import services
from funding.models import Disbursement, FundingProgram, Grant, ReportingObligation
from tests.funding.test_admin import _grant_form, _inline_management

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"
RLO = "\u202e"
CONTROL_MESSAGE = (
    "Der Text enthält unsichtbare Steuerzeichen (U+202E), etwa zur Umkehr der Schreibrichtung "
    "oder für Zeilenumbrüche. Bitte entfernen Sie sie."
)
DATE_MESSAGE = "Bitte geben Sie ein Datum zwischen 1990 und 2100 an."


def test_a_proof_named_html_is_stored_and_served_as_pdf(
    actor_client, speyer_staff, speyer_obligation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = actor_client(speyer_staff)
    url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
    client.post(url, {"document": SimpleUploadedFile(f"evil{RLO}lmth.html", PDF)})
    speyer_obligation.refresh_from_db()
    assert speyer_obligation.document_name == "evillmth.pdf"
    assert speyer_obligation.document.name.endswith(".pdf")
    for download in (
        speyer_obligation.get_document_url(),
        f"/api/v1/grants/{speyer_obligation.grant_id}/obligations/{speyer_obligation.pk}/document/",
    ):
        response = client.get(download)
        assert response["Content-Disposition"] == 'attachment; filename="evillmth.pdf"'
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("field", ["file_reference", "purpose", "phase", "note"])
def test_an_override_in_a_grant_text_is_refused_in_the_admin(
    field, actor_client, coordinator, program, speyer
):
    data = _grant_form(program, speyer, **{field: f"MdI{RLO}2024"})
    response = actor_client(coordinator).post(reverse("admin:funding_grant_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [CONTROL_MESSAGE]
    assert not Grant.objects.exists()


@pytest.mark.parametrize("field", ["decision_date", "period_start", "period_end"])
@pytest.mark.parametrize("value", ["9999-12-31", "1989-12-31"])
def test_grant_dates_within_1990_to_2100_in_the_admin(
    field, value, actor_client, coordinator, program, speyer
):
    data = _grant_form(program, speyer, decision_year="", **{field: value})
    response = actor_client(coordinator).post(reverse("admin:funding_grant_add"), data)
    assert response.status_code == 200
    assert DATE_MESSAGE in response.context["adminform"].form.errors[field]
    assert not Grant.objects.exists()


def test_payout_and_obligation_dates_in_the_admin_inlines(
    actor_client, coordinator, program, speyer
):
    data = _grant_form(
        program,
        speyer,
        **_inline_management("disbursements", total=1),
        **{"disbursements-0-paid_on": "9999-12-31", "disbursements-0-amount": "25000.00"},
        **_inline_management("obligations", total=1),
        **{"obligations-0-kind": "verwendungsnachweis", "obligations-0-due_date": "9999-12-31"},
    )
    response = actor_client(coordinator).post(reverse("admin:funding_grant_add"), data)
    assert response.status_code == 200
    assert DATE_MESSAGE in response.content.decode()
    assert not Grant.objects.exists()


def test_services_refuse_dates_out_of_range(speyer_grant, speyer_obligation, coordinator):
    with pytest.raises(ValidationError) as error:
        services.disbursement_create(
            grant=speyer_grant, amount=Decimal("1.00"), paid_on=date(1900, 1, 1), actor=coordinator
        )
    assert error.value.message_dict == {"paid_on": [DATE_MESSAGE]}
    with pytest.raises(ValidationError) as error:
        services.obligation_update(
            obligation=speyer_obligation, actor=coordinator, due_date=date(9999, 12, 31)
        )
    assert error.value.message_dict == {"due_date": [DATE_MESSAGE]}
    with pytest.raises(ValidationError) as error:
        services.program_save(
            program=FundingProgram(name="P", slug="p", funder="Land", end_date=date(2101, 1, 1)),
            actor=coordinator,
        )
    assert error.value.message_dict == {"end_date": [DATE_MESSAGE]}
    assert not Disbursement.objects.exists()


def test_an_override_in_a_payout_note_is_refused(speyer_grant, coordinator):
    with pytest.raises(ValidationError) as error:
        services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("1.00"),
            paid_on=date(2024, 1, 1),
            actor=coordinator,
            note=f"Rate{RLO}1",
        )
    assert error.value.message_dict == {"note": [CONTROL_MESSAGE]}


def test_a_proof_dated_before_1990_is_refused_before_any_file_is_stored(
    actor_client, coordinator, speyer_obligation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
    response = actor_client(coordinator).post(
        url, {"document": SimpleUploadedFile("n.pdf", PDF), "submitted_on": "1900-01-01"}
    )
    assert response.status_code == 200
    assert DATE_MESSAGE in response.content.decode()
    speyer_obligation.refresh_from_db()
    assert speyer_obligation.status == ReportingObligation.Status.OPEN
    assert not list(tmp_path.rglob("*.*"))

"""The /foerderung/ pages: what staff and the network see, handing in a proof."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.models import ReportingObligation
from tests.funding.factories import (
    FundingProgramFactory,
    GrantFactory,
    ObligationFactory,
    make_project,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def paid_speyer(speyer_grant, coordinator):
    services.disbursement_create(
        grant=speyer_grant, amount=Decimal("20250.00"), paid_on=date(2019, 8, 1), actor=coordinator
    )
    return speyer_grant


@pytest.mark.django_db
class TestStaffView:
    def test_shows_amounts_projects_and_obligations(
        self, actor_client, speyer_staff, paid_speyer, speyer
    ):
        paid_speyer.projects.add(make_project(speyer, title="Digitale Kita"))
        ObligationFactory(grant=paid_speyer, due_date=timezone.localdate() - timedelta(days=3))
        ObligationFactory(grant=paid_speyer, kind=ReportingObligation.Kind.REPORT)
        page = actor_client(speyer_staff).get(reverse("funding:grant-list")).content.decode()
        assert "60.750,00\u00a0€" in page
        assert "20.250,00\u00a0€" in page
        assert "40.500,00\u00a0€" in page
        assert "Digitale Kita" in page
        assert page.count("Überfällig") == 1
        assert "ikone-row--overdue" in page
        assert "Sachbericht (fällig" in page

    def test_other_citys_grants_are_not_listed(self, actor_client, landau_staff, paid_speyer):
        page = actor_client(landau_staff).get(reverse("funding:grant-list")).content.decode()
        assert "Für Ihre Kommune sind keine Förderbescheide erfasst." in page
        assert "60.750,00" not in page

    def test_submit_with_upload(
        self, actor_client, speyer_staff, speyer_obligation, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        client = actor_client(speyer_staff)
        upload = SimpleUploadedFile(
            "Verwendungsnachweis 2024.pdf", PDF, content_type="application/pdf"
        )
        response = client.post(url, {"document": upload}, follow=True)
        assert response.redirect_chain[-1][0] == speyer_obligation.grant.get_absolute_url()
        page = response.content.decode()
        assert "wurde als eingereicht vermerkt" in page
        speyer_obligation.refresh_from_db()
        assert speyer_obligation.is_submitted
        assert speyer_obligation.submitted_by == speyer_staff
        download = client.get(speyer_obligation.get_document_url())
        assert b"".join(download.streaming_content) == PDF

    def test_submit_without_file_shows_german_error(
        self, actor_client, speyer_staff, speyer_obligation
    ):
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        response = actor_client(speyer_staff).post(url, {})
        assert response.status_code == 200
        assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
        speyer_obligation.refresh_from_db()
        assert not speyer_obligation.is_submitted

    def test_submit_with_wrong_file_type_shows_german_error(
        self, actor_client, speyer_staff, speyer_obligation, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        upload = SimpleUploadedFile(
            "nachweis.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"
        )
        response = actor_client(speyer_staff).post(url, {"document": upload})
        assert "Dieser Dateityp ist nicht erlaubt" in response.content.decode()
        speyer_obligation.refresh_from_db()
        assert not speyer_obligation.is_submitted
        assert not list(tmp_path.rglob("*.*"))

    def test_submit_in_future_refused(
        self, actor_client, speyer_staff, speyer_obligation, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        upload = SimpleUploadedFile("nachweis.pdf", PDF, content_type="application/pdf")
        response = actor_client(speyer_staff).post(
            url, {"document": upload, "submitted_on": "2999-01-01"}
        )
        assert (
            "Das Einreichungsdatum darf nicht in der Zukunft liegen." in response.content.decode()
        )
        assert not list(tmp_path.rglob("*.*"))


@pytest.mark.django_db
class TestNetworkView:
    def test_overview_chart_and_table(self, actor_client, ministry, paid_speyer, landau_grant):
        FundingProgramFactory(slug="leer", name="Programm ohne Bescheide")
        page = actor_client(ministry).get(reverse("funding:grant-list")).content.decode()
        assert page.count('<svg class="ikone-chart__svg" role="img"') == 2
        assert "Balkendiagramm: Förderung nach Jahr des Bescheids" in page
        assert "Förderung nach Förderprogramm (Tabelle)" in page
        # Totals of both grants: 60,750 + 50,000 approved, 20,250 paid.
        assert "110.750,00\u00a0€" in page
        assert "90.500,00\u00a0€" in page
        assert "Programm ohne Bescheide" in page  # the filter's choices

    def test_download_links_keep_the_filters(self, actor_client, coordinator, paid_speyer):
        client = actor_client(coordinator)
        page = client.get(reverse("funding:grant-list"), {"year": "2019"}).content.decode()
        link = "/api/v1/funding/reports/summary/?group_by=program&amp;format=xlsx&amp;year=2019"
        assert link in page
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        assert "/api/v1/grants/export/?year=2019" in page

    def test_filters_narrow_list_and_overview(
        self, actor_client, coordinator, paid_speyer, landau_grant
    ):
        page = actor_client(coordinator).get(
            reverse("funding:grant-list"), {"municipality": "landau"}
        )
        text = page.content.decode()
        assert landau_grant.get_absolute_url() in text
        assert paid_speyer.get_absolute_url() not in text
        assert "1 Förderbescheid" in text

    def test_bad_filter_value_is_reported_not_crashing(
        self, actor_client, coordinator, paid_speyer
    ):
        response = actor_client(coordinator).get(reverse("funding:grant-list"), {"year": "abc"})
        assert response.status_code == 200
        assert "Bitte prüfen Sie die markierten Felder." in response.content.decode()

    def test_chart_bars_are_proportional(self, actor_client, ministry, program, speyer, landau):
        GrantFactory(
            program=program,
            municipality=speyer,
            approved_amount=Decimal("100.00"),
            decision_year=2020,
        )
        GrantFactory(
            program=program,
            municipality=landau,
            approved_amount=Decimal("50.00"),
            decision_year=2021,
        )
        page = actor_client(ministry).get(reverse("funding:grant-list")).content.decode()
        assert 'class="ikone-chart__approved" x="0" y="24" width="640.0"' in page
        assert 'class="ikone-chart__approved" x="0" y="76" width="320.0"' in page

    def test_detail_shows_payouts_and_history(self, actor_client, coordinator, paid_speyer):
        page = actor_client(coordinator).get(paid_speyer.get_absolute_url()).content.decode()
        assert "01.08.2019" in page
        assert "Auszahlung erfasst: 20250.00 EUR" in page

    def test_ministry_sees_no_submit_link(self, actor_client, ministry, speyer_obligation):
        page = (
            actor_client(ministry).get(speyer_obligation.grant.get_absolute_url()).content.decode()
        )
        assert reverse("funding:obligation-submit", args=[speyer_obligation.pk]) not in page

    def test_coordinator_records_paper_submission(
        self, actor_client, coordinator, speyer_obligation
    ):
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        response = actor_client(coordinator).post(url, {"submitted_on": "2024-02-01"})
        assert response.status_code == 302
        speyer_obligation.refresh_from_db()
        assert speyer_obligation.submitted_on == date(2024, 2, 1)

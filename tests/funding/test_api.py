"""Grants API: filters, amounts as strings, retrieve with payouts and obligations,
constant query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding import services
from tests.funding.factories import (
    FundingProgramFactory,
    GrantFactory,
    ObligationFactory,
    make_project,
)
from tests.members.factories import MunicipalityFactory


@pytest.fixture
def grants(program, speyer, landau, coordinator):
    other = FundingProgramFactory(name="Herzlich digitale Stadt", slug="hds")
    a = GrantFactory(
        program=program,
        municipality=speyer,
        approved_amount=Decimal("60750.00"),
        decision_year=2019,
    )
    b = GrantFactory(
        program=program,
        municipality=landau,
        approved_amount=Decimal("50000.00"),
        decision_year=2020,
    )
    c = GrantFactory(
        program=other, municipality=speyer, approved_amount=Decimal("708000.00"), decision_year=2022
    )
    services.disbursement_create(
        grant=a, amount=Decimal("20250.50"), paid_on=date(2019, 8, 1), actor=coordinator
    )
    return a, b, c


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
class TestGrantFilters:
    def test_by_programme(self, actor_client, ministry, grants):
        a, b, c = grants
        assert _ids(actor_client(ministry).get("/api/v1/grants/?program=hds")) == {c.pk}

    def test_by_municipality_slug_or_ags(self, actor_client, ministry, grants):
        a, b, c = grants
        client = actor_client(ministry)
        assert _ids(client.get("/api/v1/grants/?municipality=speyer")) == {a.pk, c.pk}
        assert _ids(client.get("/api/v1/grants/?municipality=07318000")) == {a.pk, c.pk}
        assert _ids(client.get("/api/v1/grants/?municipality=07313000")) == {b.pk}

    def test_by_year_status_and_amount(self, actor_client, ministry, grants):
        a, b, c = grants
        client = actor_client(ministry)
        assert _ids(client.get("/api/v1/grants/?year=2020")) == {b.pk}
        assert _ids(client.get("/api/v1/grants/?status=teilweise_ausgezahlt")) == {a.pk}
        assert _ids(client.get("/api/v1/grants/?amount_min=50000&amount_max=60750")) == {a.pk, b.pk}

    def test_bad_filter_values_answer_400_with_field_errors(self, actor_client, ministry, grants):
        client = actor_client(ministry)
        for query, field in [
            ("status=erfunden", "status"),
            ("year=zwanzig", "year"),
            ("amount_min=viel", "amount_min"),
        ]:
            response = client.get(f"/api/v1/grants/?{query}")
            assert response.status_code == 400, query
            assert field in response.json()

    def test_an_unknown_programme_matches_no_grant(self, actor_client, ministry, grants):
        # A slug is any string to the schema: one that names nothing finds nothing.
        response = actor_client(ministry).get("/api/v1/grants/?program=unbekannt")
        assert response.status_code == 200
        assert response.json()["count"] == 0


@pytest.mark.django_db
class TestGrantRepresentation:
    def test_amounts_are_strings_with_two_decimals(self, actor_client, ministry, grants):
        a, _b, _c = grants
        row = actor_client(ministry).get(f"/api/v1/grants/{a.pk}/").json()
        assert row["approved_amount"] == "60750.00"
        assert row["disbursed"] == "20250.50"
        assert row["remaining"] == "40499.50"
        assert row["municipality"] == {"slug": "speyer", "name": "Speyer", "ags": "07318000"}
        assert row["status"] == "teilweise_ausgezahlt"

    def test_retrieve_has_payouts_obligations_and_projects(
        self, actor_client, ministry, grants, speyer
    ):
        a, _b, _c = grants
        ObligationFactory(grant=a, due_date=date(2020, 6, 30), kind="verwendungsnachweis")
        project = make_project(speyer, title="Digitale Kita")
        a.projects.add(project)
        row = actor_client(ministry).get(f"/api/v1/grants/{a.pk}/").json()
        assert row["disbursements"] == [
            {
                "id": a.disbursements.get().pk,
                "paid_on": "2019-08-01",
                "amount": "20250.50",
                "note": "",
            }
        ]
        [obligation] = row["obligations"]
        assert obligation["due_date"] == "2020-06-30"
        assert obligation["is_overdue"] is True
        assert obligation["status"] == "offen"
        assert obligation["document_url"] is None
        assert row["projects"] == [
            {"id": project.pk, "title": "Digitale Kita", "slug": project.slug}
        ]


def _grants(count: int, program, city) -> None:
    for _ in range(count):
        grant = GrantFactory(program=program, municipality=city)
        ObligationFactory(grant=grant)
        ObligationFactory(grant=grant)
        grant.projects.add(make_project(city))


@pytest.mark.django_db
def test_grant_list_query_count_is_constant(actor_client, ministry, program):
    client = actor_client(ministry)
    client.get("/api/v1/grants/")  # warm up session and role look-ups
    counts = []
    for count in (5, 45):
        _grants(count - (counts and 5 or 0), program, MunicipalityFactory())
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/grants/?page_size=100")
        assert response.json()["count"] == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_grant_page_query_count_is_constant(actor_client, ministry, speyer_staff, program, speyer):
    for user in (ministry, speyer_staff):
        client = actor_client(user)
        client.get("/foerderung/")
    counts = {ministry.pk: [], speyer_staff.pk: []}
    for count in (5, 25):
        _grants(count - (5 if count == 25 else 0), program, speyer)
        for user in (ministry, speyer_staff):
            with CaptureQueriesContext(connection) as queries:
                response = actor_client(user).get("/foerderung/")
            assert response.status_code == 200
            counts[user.pk].append(len(queries))
    for numbers in counts.values():
        assert numbers[0] == numbers[1], counts

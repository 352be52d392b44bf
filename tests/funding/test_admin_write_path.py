"""The admin writes grants, payouts and obligations through the funding services:
the same history entries, stored sums and statuses as through the services the
portal and the API use, and the cached reports follow at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.models import Grant
from members.audit import history_for
from members.models import ApiToken
from tests.funding.test_admin import _grant_form, _inline_management

pytestmark = pytest.mark.django_db(transaction=True)
SUMMARY = "/api/v1/funding/reports/summary/"


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


@pytest.fixture
def ministry_client(client, ministry):
    _token, raw = ApiToken.issue(user=ministry, days=1)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _reported(client) -> dict:
    rows = client.get(SUMMARY, {"group_by": "municipality"}).json()["rows"]
    return {row["key"]: (row["approved"], row["disbursed"]) for row in rows}


def _change_url(grant: Grant) -> str:
    return reverse("admin:funding_grant_change", args=[grant.pk])


def test_a_grant_and_a_payout_changed_in_the_admin_are_logged_summed_and_reported(
    admin_client, ministry_client, speyer_grant, coordinator
):
    assert _reported(ministry_client) == {"speyer": ("60750.00", "0.00")}
    data = _grant_form(
        speyer_grant.program,
        speyer_grant.municipality,
        file_reference=speyer_grant.file_reference,
        approved_amount="70000.00",
        **_inline_management("disbursements", total=1),
        **{"disbursements-0-paid_on": "2020-02-01", "disbursements-0-amount": "70000.00"},
    )
    assert admin_client.post(_change_url(speyer_grant), data).status_code == 302

    grant = Grant.objects.get(pk=speyer_grant.pk)
    assert (grant.disbursed_amount, grant.status) == (Decimal("70000.00"), Grant.Status.PAID)
    actions = list(history_for(grant).values_list("action", flat=True))
    assert {"grant.update", "disbursement.create", "grant.status"} <= set(actions)
    assert history_for(grant).get(action="grant.update").actor == coordinator
    assert _reported(ministry_client) == {"speyer": ("70000.00", "70000.00")}


def test_a_payout_changed_and_removed_in_the_admin_as_through_the_service(
    admin_client, ministry_client, speyer_grant, coordinator
):
    payout = services.disbursement_create(
        grant=speyer_grant, amount=Decimal("10000.00"), paid_on=date(2020, 1, 1), actor=coordinator
    )
    assert _reported(ministry_client)["speyer"] == ("60750.00", "10000.00")
    base = _grant_form(
        speyer_grant.program,
        speyer_grant.municipality,
        file_reference=speyer_grant.file_reference,
        approved_amount="60750.00",
        **_inline_management("disbursements", total=1, initial=1),
        **{
            "disbursements-0-id": payout.pk,
            "disbursements-0-grant": speyer_grant.pk,
            "disbursements-0-paid_on": "2020-01-01",
            "disbursements-0-amount": "12500.50",
        },
    )
    assert admin_client.post(_change_url(speyer_grant), base).status_code == 302
    assert _reported(ministry_client)["speyer"] == ("60750.00", "12500.50")
    entry = history_for(speyer_grant).get(action="disbursement.update")
    assert entry.changes["amount"] == ["10000.00", "12500.50"]

    assert (
        admin_client.post(_change_url(speyer_grant), {**base, "disbursements-0-DELETE": "on"})
    ).status_code == 302
    speyer_grant.refresh_from_db()
    assert (speyer_grant.disbursed_amount, speyer_grant.status) == (
        Decimal("0.00"),
        Grant.Status.APPROVED,
    )
    assert history_for(speyer_grant).filter(action="disbursement.delete").exists()
    assert _reported(ministry_client)["speyer"] == ("60750.00", "0.00")


def test_an_obligation_recorded_in_the_admin_completes_the_grant_as_the_services_do(
    admin_client, speyer_grant, speyer_staff, coordinator
):
    services.disbursement_create(
        grant=speyer_grant, amount=Decimal("60750.00"), paid_on=date(2020, 1, 1), actor=coordinator
    )
    data = _grant_form(
        speyer_grant.program,
        speyer_grant.municipality,
        file_reference=speyer_grant.file_reference,
        approved_amount="60750.00",
        **_inline_management("obligations", total=1),
        **{"obligations-0-kind": "verwendungsnachweis", "obligations-0-due_date": "2030-06-30"},
    )
    assert admin_client.post(_change_url(speyer_grant), data).status_code == 302
    obligation = speyer_grant.obligations.get()
    assert history_for(speyer_grant).filter(action="obligation.create").exists()
    speyer_grant.refresh_from_db()
    assert speyer_grant.status == Grant.Status.PAID  # an open obligation: not complete yet

    services.obligation_submit(obligation=obligation, actor=coordinator)
    speyer_grant.refresh_from_db()
    assert speyer_grant.status == Grant.Status.COMPLETED

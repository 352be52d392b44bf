"""A grant names a funded project only for readers who may see the project;
otherwise it shows its own purpose — grant pages, API, CSV and XLSX, as a
matrix of readers and project states. The ministry sees published projects
only."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.funding.factories import GrantFactory, make_project

pytestmark = pytest.mark.django_db

# Readers of Speyer's grant: its city's staff, the coordinators, the ministry.
READERS = ["speyer_staff", "coordinator", "ministry"]
STATES = ["published", "draft", "submitted", "rejected", "archived"]


def sees(reader: str, state: str, lead: str) -> bool:
    return state == "published" or reader == "coordinator" or reader == f"{lead}_staff"


@pytest.fixture
def grant(program, speyer, landau):
    """Speyer's grant funding a Landau-led and a Speyer-led project of each state."""

    def make(state: str):
        landau_led = make_project(landau, title=f"Landau {state}", state=state)
        own = make_project(speyer, title=f"Speyer {state}", state=state)
        return GrantFactory(
            program=program,
            municipality=speyer,
            purpose="Gründungsförderung Speyer",
            projects=[landau_led, own],
        )

    return make


def expected_titles(reader: str, state: str) -> list[str]:
    return [
        title
        for title, lead in ((f"Landau {state}", "landau"), (f"Speyer {state}", "speyer"))
        if sees(reader, state, lead)
    ]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("reader", READERS)
def test_grant_pages(reader, state, grant, request, actor_client):
    made = grant(state)
    client = actor_client(request.getfixturevalue(reader))
    titles = expected_titles(reader, state)
    detail = client.get(f"/foerderung/bescheide/{made.pk}/").content.decode()
    assert "Gründungsförderung Speyer" in detail
    # The city's own overview shows each grant as a card with its projects
    # (coordinators and the ministry get a table without them).
    urls = [f"/foerderung/bescheide/{made.pk}/"]
    if reader == "speyer_staff":
        urls.append("/foerderung/")
    for url in urls:
        body = client.get(url).content.decode()
        for title in (f"Landau {state}", f"Speyer {state}"):
            assert (title in body) is (title in titles), (url, title)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("reader", READERS)
def test_grant_api(reader, state, grant, request, actor_client):
    made = grant(state)
    client = actor_client(request.getfixturevalue(reader))
    titles = expected_titles(reader, state)
    detail = client.get(f"/api/v1/grants/{made.pk}/").json()
    assert [project["title"] for project in detail["projects"]] == titles
    (listed,) = client.get("/api/v1/grants/").json()["results"]
    assert [project["title"] for project in listed["projects"]] == titles
    assert listed["purpose"] == "Gründungsförderung Speyer"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("reader", READERS)
def test_grants_csv(reader, state, grant, request, actor_client):
    grant(state)
    response = actor_client(request.getfixturevalue(reader)).get("/api/v1/grants/export/")
    text = b"".join(response.streaming_content).decode()
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["projects"] == " | ".join(expected_titles(reader, state))
    assert row["purpose"] == "Gründungsförderung Speyer"


@pytest.mark.parametrize("state", STATES)
def test_admin_exports_name_every_project_for_coordinators(state, grant, admin_client):
    grant(state)
    everything = f"Landau {state} | Speyer {state}"
    response = admin_client.get(reverse("admin:funding_grant_export", args=["csv"]))
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["projects"] == everything
    response = admin_client.get(reverse("admin:funding_grant_export", args=["xlsx"]))
    _header, values = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    assert values[-1] == everything

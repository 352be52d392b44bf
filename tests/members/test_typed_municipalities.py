"""Municipalities are typed by name wherever a form asks for one, so that no
page lists every municipality: at national scale that is 11,000 options."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.forms import find_municipality
from projects.models import Project
from tests.funding.factories import GrantFactory
from tests.members.factories import MunicipalityFactory
from tests.projects.helpers import project_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(speyer, landau):
    return {
        "speyer": speyer,
        "landau": landau,
        "neustadt_w": MunicipalityFactory(name="Neustadt", slug="neustadt-w", ags="07316000"),
        "neustadt_h": MunicipalityFactory(name="Neustadt", slug="neustadt-h", ags="06434000"),
        "kaiserslautern": MunicipalityFactory(name="Kaiserslautern", slug="kaiserslautern"),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Speyer", "speyer"),
        ("  speyer ", "speyer"),
        ("SPEYER", "speyer"),
        ("07313000", "landau"),
        ("Landau in der", "landau"),
        ("06434000", "neustadt_h"),
        ("neustadt-w", "neustadt_w"),
    ],
)
def test_found_by_name_slug_ags_or_a_unique_beginning(cities, typed, expected):
    assert find_municipality(typed) == cities[expected]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Neustadt", "Mehrere Kommunen heißen „Neustadt“ – bitte den amtlichen Gemeindeschlüssel"),
        ("Nirgendwo", "Keine Kommune mit dem Namen „Nirgendwo“ gefunden."),
        ("Ne", "Mehrere Kommunen passen: Neustadt, Neustadt – bitte den Namen genauer angeben."),
    ],
)
def test_not_found_or_ambiguous_is_a_clear_german_error(cities, typed, message):
    with pytest.raises(ValidationError) as error:
        find_municipality(typed)
    assert message in error.value.messages[0]


def test_project_form_takes_typed_lead_and_partner_cities(actor_client, coordinator, cities):
    client = actor_client(coordinator)
    form = client.get(reverse("projects:project-create")).content.decode()
    assert form.count("<option") < 20  # phases, not municipalities
    data = project_form_data(lead_municipality="Landau", partners="Speyer\n07316000\n\nspeyer")
    response = client.post(reverse("projects:project-create"), data)
    assert response.status_code == 302
    project = Project.objects.get(title=data["title"])
    assert project.lead_municipality == cities["landau"]
    partners = {p.municipality for p in project.participations.all()}
    assert partners == {cities["speyer"], cities["neustadt_w"]}
    edit = client.get(reverse("projects:project-edit", kwargs={"slug": project.slug}))
    assert "Neustadt\nSpeyer</textarea>" in edit.content.decode()


def test_unknown_partner_names_are_all_named_and_nothing_is_saved(actor_client, speyer_staff):
    response = actor_client(speyer_staff).post(
        reverse("projects:project-create"), project_form_data(partners="Landau\nAtlantis\nMu")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["partners"]
    assert "Keine Kommune mit dem Namen „Landau“ gefunden." in errors
    assert "Keine Kommune mit dem Namen „Atlantis“ gefunden." in errors
    assert not Project.objects.exists()


def test_funding_list_filters_by_a_typed_city(actor_client, ministry, cities):
    GrantFactory(municipality=cities["kaiserslautern"], purpose="Digitalisierung KL")
    GrantFactory(municipality=cities["speyer"], purpose="Digitalisierung SP")
    client = actor_client(ministry)
    html = client.get(reverse("funding:grant-list"), {"municipality": "Kaisers"}).content.decode()
    assert "Kaiserslautern" in html
    assert "Digitalisierung SP" not in html
    unknown = client.get(reverse("funding:grant-list"), {"municipality": "Atlantis"})
    assert "Keine Kommune mit dem Namen „Atlantis“ gefunden." in unknown.content.decode()
    assert unknown.content.decode().count("<option") < 20  # programmes and states only

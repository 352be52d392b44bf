"""The admin writes projects and adoptions through the same services as the portal:
the same history entries, the same derived fields, the same cached pages follow."""

import pytest
from django.utils import timezone

from members.audit import history_for
from projects import services
from projects.models import Adoption
from tests.members.factories import MunicipalityFactory
from tests.projects.test_admin import _inline_data

pytestmark = pytest.mark.django_db(transaction=True)
CHANGELIST = "/admin/projects/project/"


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


def test_a_project_changed_in_the_admin_is_logged_and_shown_like_through_the_portal(
    published, admin_client, client, coordinator
):
    assert "Straßenlaternen mit Sensoren" in client.get("/projekte/").content.decode()
    response = admin_client.post(
        f"{CHANGELIST}{published.pk}/change/",
        _inline_data(published, summary="In der Verwaltung neu gefasst."),
    )
    assert response.status_code == 302
    entry = history_for(published).get(action="project.update")
    assert (entry.actor, entry.changes["summary"][1]) == (
        coordinator,
        "In der Verwaltung neu gefasst.",
    )
    # The cached catalogue follows at once, as after a change through the portal.
    assert "In der Verwaltung neu gefasst." in client.get("/projekte/").content.decode()


def test_the_admin_keeps_the_slug_the_service_gave(published, admin_client):
    data = _inline_data(published, title="Ganz neuer Titel", slug="neu")  # "neu" is reserved
    assert admin_client.post(f"{CHANGELIST}{published.pk}/change/", data).status_code == 302
    published.refresh_from_db()
    assert (published.title, published.slug) == ("Ganz neuer Titel", "smarte-lichtmasten")


def test_an_adoption_in_operation_gets_its_dates_and_history_in_the_admin_too(
    published, landau, admin_client, coordinator
):
    today = timezone.localdate()
    data = _inline_data(
        published,
        **{
            "adoptions-TOTAL_FORMS": "1",
            "adoptions-0-municipality": landau.pk,
            "adoptions-0-status": "im_betrieb",
        },
    )
    assert admin_client.post(f"{CHANGELIST}{published.pk}/change/", data).status_code == 302
    in_admin = Adoption.objects.get(project=published, municipality=landau)

    # The same through the service the portal's page and the API call:
    other = services.adoption_create(
        project=published,
        municipality=MunicipalityFactory(),
        actor=coordinator,
        status="im_betrieb",
    )
    for adoption in (in_admin, other):
        assert (adoption.started_on, adoption.completed_on) == (today, today)
        assert adoption.created_by == coordinator
    assert history_for(in_admin).get().action == "adoption.create"
    assert history_for(other).get().action == "adoption.create"


def test_an_adoption_changed_in_its_own_admin_moves_along_like_on_the_page(
    landau_adoption, admin_client, coordinator
):
    url = f"/admin/projects/adoption/{landau_adoption.pk}/change/"
    response = admin_client.post(
        url, {"status": "in_umsetzung", "started_on": "", "completed_on": "", "note": ""}
    )
    assert response.status_code == 302
    landau_adoption.refresh_from_db()
    assert landau_adoption.status == "in_umsetzung"
    assert landau_adoption.started_on == timezone.localdate()  # filled in as by the service
    entry = history_for(landau_adoption).get(action="adoption.update")
    assert entry.changes["status"] == ["interessiert", "in_umsetzung"]

    # A step the rules do not allow is refused on the form, and nothing changes.
    response = admin_client.post(
        url, {"status": "interessiert", "started_on": "", "completed_on": "", "note": ""}
    )
    assert response.status_code == 200
    assert "Vom Stand" in response.content.decode()
    landau_adoption.refresh_from_db()
    assert landau_adoption.status == "in_umsetzung"

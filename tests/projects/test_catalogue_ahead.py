"""The catalogue page starts its results' statement before it renders the
rest of the page (core.sql_ahead): with committed rows it runs on the worker's
connection, and the page shows and stores the same results as ever."""

import pytest

from core import sql_ahead
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent_ahead(monkeypatch):
    statements = []
    fetch = sql_ahead._fetch_on_own_connection

    def recorded(sql, params, sent):
        statements.append(sql)
        return fetch(sql, params, sent)

    monkeypatch.setattr(sql_ahead, "_fetch_on_own_connection", recorded)
    return statements


def test_the_results_run_ahead_and_take_their_place(
    client, speyer_staff, catalogue_network, sent_ahead
):
    client.force_login(speyer_staff)
    page = client.get("/projekte/", {"q": "Park", "topic": "mobilitaet"})
    html = page.content.decode()
    assert page.status_code == 200
    assert len(sent_ahead) == 1 and "projects_catalogueentry" in sent_ahead[0]
    assert "2 Projekte gefunden" in html
    assert "Park-App" in html and "Parkleitsystem" in html and "Kitaportal" not in html
    assert "<!--results-" not in html
    assert html.count('id="project-results"') == 1

    again = client.get("/projekte/", {"q": "Park", "topic": "mobilitaet"})
    assert len(sent_ahead) == 1  # stored: the next view reads them from the cache
    assert again.content.decode().count("Park-App") == html.count("Park-App")


def test_a_page_past_the_end_shows_the_last_one_and_is_not_stored(
    client, speyer_staff, catalogue_network, sent_ahead
):
    ProjectFactory.create_batch(
        21, title="Parkraum-Zählung", topics=[catalogue_network["mobility"]]
    )
    client.force_login(speyer_staff)
    for _ in range(2):
        page = client.get("/projekte/", {"q": "Parkraum", "page": "7"})
        assert page.status_code == 200
        assert "Seite 2 von 2" in page.content.decode()
    assert len(sent_ahead) == 4  # each view: page 7 (none), then the last one; nothing stored

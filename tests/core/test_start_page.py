"""Issue 16.4: the start page's one member count, its newest projects and next
meetings (cached under the catalogue's and the meetings' topics), and a
municipality's page: what it contributed, reuses from whom, meetings hosted,
website and role in the network; a meeting's agenda with linked projects."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from events import services as event_services
from events.models import Event
from members.models import Municipality
from projects.models import Project
from projects.services import project_publish
from tests.events.factories import AgendaItemFactory, EventFactory
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, title: str) -> str:
    match = re.search(rf"<section[^>]*>\s*<h2[^>]*>{title}</h2>.*?</section>", html, re.S)
    assert match, f"no section {title!r}"
    return match.group(0)


def test_one_member_count_from_the_data(client):
    for day in (date(2019, 4, 25), date(2019, 12, 1), date(2020, 1, 1)):
        MunicipalityFactory(joined_on=day)
    MunicipalityFactory(joined_on=date(2019, 4, 25), left_on=date(2020, 1, 1))
    html = home(client)
    assert "rund 30" not in html
    assert "Heute gehören ihm 3 Kommunen an." in html
    figures = _section(html, "Das Netzwerk in Zahlen")
    assert re.search(r">3</span>\s*<span class=\"kern-body\">Mitgliedskommunen<", figures)


def test_start_page_has_a_search_box(client):
    html = home(client)
    assert re.search(r'<form[^>]*action="/projekte/"[^>]*role="search"', html)
    assert 'name="q"' in html


def test_newest_published_projects_only(client, speyer):
    now = timezone.now()
    for days, title in enumerate(["Fünf", "Vier", "Drei", "Zwei", "Eins"]):
        ProjectFactory(
            title=title, lead_municipality=speyer, published_at=now - timedelta(days=days)
        )
    ProjectFactory(title="Geheimer Entwurf", state=Project.State.DRAFT, published_at=None)
    section = _section(home(client), "Neu im Katalog")
    assert re.findall(r'class="kern-link kern-body--bold" href="[^"]+">([^<]+)</a>', section) == [
        "Fünf",
        "Vier",
        "Drei",
        "Zwei",
    ]
    assert "Speyer" in section
    assert "Geheimer Entwurf" not in section


def test_next_published_meetings_only(client, speyer):
    soon = timezone.now() + timedelta(days=3)
    EventFactory(
        title="Bald", starts_at=soon, ends_at=soon + timedelta(hours=2), host_municipality=speyer
    )
    EventFactory(title="Später")
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)
    past = timezone.now() - timedelta(days=3)
    EventFactory(title="Vorbei", starts_at=past, ends_at=past + timedelta(hours=2))
    section = _section(home(client), "Nächste Termine")
    titles = re.findall(r'class="kern-link kern-body--bold" href="[^"]+">([^<]+)</a>', section)
    assert titles == ["Bald", "Später"]
    assert "Gastgeberin: Speyer" in section


def test_the_lists_are_cached_and_follow_every_write(
    client, speyer, coordinator, django_assert_num_queries
):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    event = EventFactory(title="Netzwerktreffen", status=Event.Status.DRAFT)
    home(client)
    # The four key figures; the lists come from the cache (the session and
    # messages are cookies: no further query).
    with django_assert_num_queries(4):
        home(client)

    submitted = ProjectFactory(
        title="Kitaportal", lead_municipality=speyer, state="submitted", published_at=None
    )
    project_publish(project=submitted, actor=coordinator)
    assert "Kitaportal" in _section(home(client), "Neu im Katalog")

    event_services.event_publish(event=event, actor=coordinator)
    assert "Netzwerktreffen" in _section(home(client), "Nächste Termine")


def test_municipality_page_shows_contribution_reuse_meetings_website_and_role(
    client, speyer, landau
):
    speyer.website = "https://www.speyer.de"
    speyer.network_role = Municipality.NetworkRole.FOUNDING_MEMBER
    speyer.save()
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    kita = ProjectFactory(title="Kitaportal", lead_municipality=landau)
    AdoptionFactory(project=kita, municipality=speyer)
    EventFactory(title="Netzwerktreffen in Speyer", host_municipality=speyer)
    EventFactory(title="Entwurf in Speyer", host_municipality=speyer, status=Event.Status.DRAFT)

    html = client.get(speyer.get_absolute_url()).content.decode()
    assert re.search(r"Rolle im Netzwerk</dt><dd[^>]*>Gründungsmitglied<", html)
    assert 'href="https://www.speyer.de"' in html
    assert "Smarte Lichtmasten" in html  # contributed
    assert re.search(r"Kitaportal</a> <span[^>]*>\(von Landau", html)  # reuses from whom
    hosted = _section(html, "Gastgeberin von Terminen")
    assert "Netzwerktreffen in Speyer" in hosted
    assert "Entwurf in Speyer" not in hosted


def test_former_member_is_named_so(client):
    gone = MunicipalityFactory(joined_on=date(2019, 4, 25), left_on=date(2020, 1, 1))
    html = client.get(gone.get_absolute_url()).content.decode()
    assert re.search(r"Rolle im Netzwerk</dt><dd[^>]*>Ehemaliges Mitglied<", html)


def test_meeting_page_shows_its_agenda_with_linked_projects(client, speyer):
    project = ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    event = EventFactory(title="Markt der Projekte")
    AgendaItemFactory(event=event, title="Vorstellung Lichtmasten", project=project)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Vorstellung Lichtmasten" in html
    assert (
        f'<a class="kern-link" href="{project.get_absolute_url()}">Smarte Lichtmasten</a>' in html
    )

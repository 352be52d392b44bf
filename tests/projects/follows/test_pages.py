"""The follow button, "Mein Konto" and the permission matrix of follows (pages)."""

import pytest
from django.urls import reverse

from projects.models import Delivery, Follow, Project, Subscriber
from projects.services.follows import follow_set
from tests.projects.factories import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(name="Mobilität", slug="mobilitaet")


@pytest.fixture
def project(speyer):
    return ProjectFactory(lead_municipality=speyer, slug="parkapp", title="Park-App")


def _toggle(kind, slug):
    return reverse("follows:follow-toggle", kwargs={"kind": kind, "slug": slug})


@pytest.mark.parametrize("actor", ["speyer_staff", "landau_staff", "coordinator", "ministry"])
@pytest.mark.parametrize("kind", ["thema", "kommune", "projekt"])
def test_every_role_may_follow_what_it_sees(request, actor_client, actor, kind, topic, project):
    user = request.getfixturevalue(actor)
    slug = {"thema": "mobilitaet", "kommune": "speyer", "projekt": "parkapp"}[kind]
    response = actor_client(user).post(_toggle(kind, slug), {"next": "/projekte/"})
    assert response.status_code == 302
    assert response["Location"] == "/projekte/"
    assert Follow.objects.filter(user=user).count() == 1


def test_anonymous_is_sent_to_the_login(client, topic):
    response = client.post(_toggle("thema", "mobilitaet"))
    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]
    assert not Follow.objects.exists()


def test_following_twice_is_one_follow(actor_client, landau_staff, topic):
    client = actor_client(landau_staff)
    client.post(_toggle("thema", "mobilitaet"))
    client.post(_toggle("thema", "mobilitaet"))
    assert Follow.objects.filter(user=landau_staff).count() == 1


@pytest.mark.parametrize("actor", ["landau_staff", "ministry"])
def test_following_a_project_one_may_not_see_is_404(request, actor_client, actor, speyer):
    ProjectFactory(lead_municipality=speyer, slug="entwurf", state=Project.State.DRAFT)
    user = request.getfixturevalue(actor)
    response = actor_client(user).post(_toggle("projekt", "entwurf"))
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_unknown_kind_or_target_is_404(actor_client, landau_staff):
    client = actor_client(landau_staff)
    assert client.post(_toggle("thema", "gibt-es-nicht")).status_code == 404
    assert client.post(_toggle("etwas", "speyer")).status_code == 404


def test_htmx_toggle_returns_the_button(actor_client, landau_staff, project):
    client = actor_client(landau_staff)
    response = client.post(_toggle("projekt", "parkapp"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nicht mehr folgen" in html and 'role="status"' in html
    response = client.post(
        _toggle("projekt", "parkapp"), {"action": "unfollow"}, HTTP_HX_REQUEST="true"
    )
    assert "„Park-App“ folgen" in response.content.decode()
    assert not Follow.objects.exists()


def test_buttons_on_the_project_municipality_and_topic_pages(
    actor_client, client, landau_staff, topic, project
):
    member = actor_client(landau_staff)
    assert "„Park-App“ folgen" in member.get(project.get_absolute_url()).content.decode()
    assert "„Speyer“ folgen" in member.get("/kommunen/speyer/").content.decode()
    assert "„Mobilität“ folgen" in member.get("/projekte/?topic=mobilitaet").content.decode()
    assert (
        "Anmelden, um „Park-App“ zu folgen"
        in client.get(project.get_absolute_url()).content.decode()
    )


def test_account_lists_own_follows_and_changes_delivery(
    actor_client, landau_staff, ministry, project
):
    follow, _created = follow_set(actor=landau_staff, project=project)
    others, _created = follow_set(actor=ministry, project=project)
    client = actor_client(landau_staff)
    page = client.get(reverse("members:account")).content.decode()
    assert "Park-App" in page and 'id="follows-title"' in page
    url = reverse("follows:follow-update", kwargs={"pk": follow.pk})
    response = client.post(url, {f"f{follow.pk}-delivery": Delivery.WEEKLY})
    assert response.status_code == 302
    follow.refresh_from_db()
    assert follow.delivery == Delivery.WEEKLY
    # Another person's follow: 404, unchanged, not ended.
    other_url = reverse("follows:follow-update", kwargs={"pk": others.pk})
    assert client.post(other_url, {f"f{others.pk}-delivery": Delivery.OFF}).status_code == 404
    assert client.post(other_url, {"action": "delete"}).status_code == 404
    others.refresh_from_db()
    assert others.delivery == Delivery.IMMEDIATE
    client.post(url, {"action": "delete"})
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_bad_delivery_is_a_german_message_not_a_change(actor_client, landau_staff, project):
    follow, _created = follow_set(actor=landau_staff, project=project)
    client = actor_client(landau_staff)
    url = reverse("follows:follow-update", kwargs={"pk": follow.pk})
    response = client.post(url, {f"f{follow.pk}-delivery": "stuendlich"}, follow=True)
    assert "Bitte wählen Sie sofort, wöchentlich oder aus." in response.content.decode()
    follow.refresh_from_db()
    assert follow.delivery == Delivery.IMMEDIATE


def test_network_digest_switch(actor_client, ministry):
    client = actor_client(ministry)
    client.post(reverse("follows:network-digest"), {"network_digest": "on"})
    assert Subscriber.objects.get(user=ministry).network_digest is True
    client.post(reverse("follows:network-digest"), {})
    assert Subscriber.objects.get(user=ministry).network_digest is False


def test_follows_leave_no_trace_in_the_history(actor_client, landau_staff, project):
    # Nobody else sees what a person follows: not in the history either.
    from members.models import AuditEntry

    actor_client(landau_staff).post(_toggle("projekt", "parkapp"))
    assert Follow.objects.filter(user=landau_staff).exists()
    assert not AuditEntry.objects.filter(action__startswith="follow").exists()

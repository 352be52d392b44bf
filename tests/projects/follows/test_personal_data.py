"""Follows are personal data: in the person's download, gone when the person is removed."""

import json

import pytest

from members.services import user_anonymise
from projects.models import Delivery, Follow, Subscriber
from projects.services.follows import follow_set, network_digest_set
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_download_holds_the_follows(client, speyer, landau_staff, ministry):
    follow_set(actor=landau_staff, municipality=speyer, delivery=Delivery.WEEKLY)
    network_digest_set(actor=landau_staff, enabled=True)
    follow_set(actor=ministry, project=ProjectFactory(lead_municipality=speyer))
    client.force_login(landau_staff)
    data = json.loads(client.get("/konto/meine-daten/").content)
    assert data["follows"]["follows"] == [
        {
            "kind": "kommune",
            "name": "Speyer",
            "delivery": "woechentlich",
            "since": data["follows"]["follows"][0]["since"],
        }
    ]
    assert data["follows"]["network_digest"] is True


def test_anonymising_a_person_ends_their_follows(speyer, landau_staff, coordinator):
    follow_set(actor=landau_staff, municipality=speyer)
    network_digest_set(actor=landau_staff, enabled=True)
    user_anonymise(user=landau_staff, actor=coordinator)
    assert not Follow.objects.filter(user=landau_staff).exists()
    assert not Subscriber.objects.filter(user=landau_staff).exists()

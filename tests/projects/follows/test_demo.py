"""The demo network shows follows: the demo accounts follow something, and a
demo action sends its notices (to the console under ``make run``)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from members.models import Municipality, User
from projects import services
from projects.models import Follow, Subscriber, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_every_demo_account_follows_something(demo):
    for user in User.objects.filter(email__endswith="@demo.ikone-rlp.de"):
        assert Follow.objects.filter(user=user).exists(), user.email
    assert Subscriber.objects.filter(network_digest=True).count() == 2


def test_second_run_adds_no_follow(demo):
    before = Follow.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Follow.objects.count() == before


def test_publishing_in_mobility_tells_landau(demo, django_capture_on_commit_callbacks):
    speyer = User.objects.get(email="speyer@demo.ikone-rlp.de")
    coordination = User.objects.get(email="koordination@demo.ikone-rlp.de")
    project = services.project_create(
        actor=speyer,
        title="Park-App Speyer",
        summary="Freie Parkplätze in der Innenstadt.",
        topics=[Topic.objects.get(slug="mobilitaet")],
        lead_municipality=Municipality.objects.get(slug="speyer"),
    )
    services.project_submit(project=project, actor=speyer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.project_publish(project=project, actor=coordination)
    notices = [m for m in mail.outbox if m.to == ["landau@demo.ikone-rlp.de"]]
    assert [m.subject for m in notices] == ["Neu im Katalog: Park-App Speyer"]

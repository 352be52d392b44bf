"""``manage.py load_demo``: the network from the press releases, idempotent, not in production."""

import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client

from members import roles
from members.models import Municipality, User

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "demo-ikone-2019"
DEMO_ACCOUNTS = {
    "koordination@demo.ikone-rlp.de": (roles.COORDINATION, None),
    "ministerium@demo.ikone-rlp.de": (roles.MINISTRY, None),
    "speyer@demo.ikone-rlp.de": (roles.MUNICIPAL_STAFF, "speyer"),
    "landau@demo.ikone-rlp.de": (roles.MUNICIPAL_STAFF, "landau"),
}


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row of every model of the project, as stored."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"members", "projects", "funding", "events", "auth"}:
            state[model._meta.label] = sorted(
                (tuple(sorted(row.items())) for row in model.objects.values()), key=repr
            )
    return state


def test_demo_network_has_the_founders_and_later_members(settings):
    settings.DEBUG = True
    load_demo()
    founders = Municipality.objects.filter(joined_on=date(2019, 4, 25)).exclude(
        kind=Municipality.Kind.ORGANISATION
    )
    assert {m.name for m in founders} >= {"Andernach", "Speyer", "Wörth am Rhein", "Zweibrücken"}
    expected_ags = {
        "trier": "07211000",
        "kaiserslautern": "07312000",
        "landau": "07313000",
        "pirmasens": "07317000",
        "speyer": "07318000",
        "zweibruecken": "07320000",
        "woerth-am-rhein": "07334501",
        "andernach": "07137003",
        "bad-kreuznach": "07133006",
    }
    assert dict(Municipality.objects.filter(slug__in=expected_ags).values_list("slug", "ags")) == (
        expected_ags
    )
    kl = Municipality.objects.get(slug="kl-digital")
    assert kl.kind == Municipality.Kind.ORGANISATION and kl.ags == ""
    for municipality in Municipality.objects.all():
        municipality.full_clean()


def test_demo_accounts_one_per_role(settings):
    settings.DEBUG = True
    output = load_demo()
    for email, (role, slug) in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert (user.municipality.slug if user.municipality else None) == slug
        assert user.is_staff == (role == roles.COORDINATION)
        assert f"{email}  /  {DEMO_PASSWORD}" in output


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_demo_accounts_can_log_in(settings, email):
    settings.DEBUG = True
    load_demo()
    client = Client()
    response = client.post("/konto/anmelden/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200


def test_demo_coordinator_can_use_the_admin(settings):
    settings.DEBUG = True
    load_demo()
    client = Client()
    client.post(
        "/admin/login/",
        {"username": "koordination@demo.ikone-rlp.de", "password": DEMO_PASSWORD},
    )
    assert client.get("/admin/members/municipality/").status_code == 200


def test_second_run_changes_nothing(settings):
    settings.DEBUG = True
    load_demo()
    before = snapshot()
    load_demo()
    assert snapshot() == before


def test_second_run_repairs_what_was_changed(settings):
    settings.DEBUG = True
    load_demo()
    speyer = Municipality.objects.get(slug="speyer")
    Municipality.objects.filter(pk=speyer.pk).update(ags="07399999")
    user = User.objects.get(email="speyer@demo.ikone-rlp.de")
    user.set_password("anders-und-lang-genug")
    user.save()
    load_demo()
    speyer.refresh_from_db()
    user.refresh_from_db()
    assert speyer.ags == "07318000"
    assert user.check_password(DEMO_PASSWORD)
    assert Municipality.objects.filter(slug="speyer").count() == 1


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        load_demo()
    assert not User.objects.filter(email__endswith="@demo.ikone-rlp.de").exists()
    assert not Municipality.objects.exists()


def test_runs_without_debug_when_told_this_is_not_production(settings):
    settings.DEBUG = False
    load_demo("--i-know-this-is-not-production")
    assert User.objects.filter(email__endswith="@demo.ikone-rlp.de").count() == 4

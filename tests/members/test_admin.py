"""The Django admin: coordinators only; municipality forms refuse bad values in German."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from members import roles
from members.models import ApiToken, AuditEntry, Municipality, User
from tests.members.factories import MunicipalityFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/members/municipality/add/"


def municipality_form(**overrides) -> dict:
    data = {
        "name": "Musterhausen",
        "official_name": "",
        "slug": "musterhausen",
        "kind": Municipality.Kind.INDEPENDENT_CITY,
        "ags": "07399000",
        "district": "",
        "joined_on": "01.03.2021",
        "left_on": "",
        "network_role": Municipality.NetworkRole.MEMBER,
        "population": "",
        "latitude": "",
        "longitude": "",
        "address": "",
        "website": "",
        "description": "",
    }
    data.update(overrides)
    return data


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


# --- who may use the admin --------------------------------------------------


def test_coordinator_uses_the_admin(actor_client, coordinator):
    client = actor_client(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/members/municipality/").status_code == 200
    assert client.get("/admin/members/user/").status_code == 200
    assert client.get("/admin/members/apitoken/").status_code == 200


@pytest.mark.parametrize("actor", [None, "speyer_staff", "ministry"])
@pytest.mark.parametrize("path", ["/admin/", "/admin/members/municipality/"])
def test_others_are_sent_to_the_admin_login(actor_client, request, actor, path):
    user = request.getfixturevalue(actor) if actor else None
    response = actor_client(user).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={path}"


def test_is_staff_without_the_coordinator_role_is_not_enough(actor_client, speyer_staff):
    speyer_staff.is_staff = True
    speyer_staff.save()
    response = actor_client(speyer_staff).get("/admin/members/municipality/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_without_model_permission_answers_403(actor_client, coordinator):
    # A coordinator may not edit role groups; Django answers 403 for that model.
    response = actor_client(coordinator).get("/admin/auth/group/")
    assert response.status_code == 403


def test_admin_login_page_is_public(client):
    assert client.get("/admin/login/").status_code == 200


# --- municipality forms -------------------------------------------------------


def test_coordinator_adds_a_municipality(actor_client, coordinator):
    response = actor_client(coordinator).post(ADD_URL, municipality_form())
    assert response.status_code == 302
    municipality = Municipality.objects.get(slug="musterhausen")
    assert municipality.ags == "07399000"
    assert municipality.joined_on == date(2021, 3, 1)


@pytest.mark.parametrize("ags", ["0739900", "07a99000"])
def test_add_form_refuses_a_malformed_ags(actor_client, coordinator, ags):
    response = actor_client(coordinator).post(ADD_URL, municipality_form(ags=ags))
    assert form_errors(response)["ags"] == [
        "Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern (z. B. 07318000)."
    ]
    assert "genau 8 Ziffern" in response.content.decode()
    assert not Municipality.objects.filter(slug="musterhausen").exists()


def test_add_form_refuses_a_duplicate_ags(actor_client, coordinator):
    MunicipalityFactory(ags="07399000")
    response = actor_client(coordinator).post(ADD_URL, municipality_form())
    assert form_errors(response)["ags"] == [
        "Dieser Amtliche Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet."
    ]


def test_add_form_refuses_left_before_joined(actor_client, coordinator):
    response = actor_client(coordinator).post(
        ADD_URL, municipality_form(joined_on="01.03.2021", left_on="28.02.2021")
    )
    assert form_errors(response)["left_on"] == [
        "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."
    ]


def test_change_form_refuses_bad_values_and_keeps_the_row(actor_client, coordinator):
    speyer = MunicipalityFactory(name="Speyer", slug="speyer", ags="07318000")
    MunicipalityFactory(ags="07313000")
    url = f"/admin/members/municipality/{speyer.pk}/change/"
    data = municipality_form(name="Speyer", slug="speyer", ags="07313000", left_on="01.01.2000")

    errors = form_errors(actor_client(coordinator).post(url, data))

    assert errors["ags"] == [
        "Dieser Amtliche Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet."
    ]
    assert errors["left_on"] == ["Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."]
    speyer.refresh_from_db()
    assert speyer.ags == "07318000" and speyer.left_on is None


def test_change_form_records_leaving(actor_client, coordinator):
    speyer = MunicipalityFactory(slug="speyer", ags="07318000", joined_on=date(2019, 4, 25))
    url = f"/admin/members/municipality/{speyer.pk}/change/"
    data = municipality_form(
        name=speyer.name,
        slug="speyer",
        ags="07318000",
        joined_on="25.04.2019",
        left_on="31.12.2024",
    )
    assert actor_client(coordinator).post(url, data).status_code == 302
    speyer.refresh_from_db()
    assert speyer.left_on == date(2024, 12, 31)


def test_municipality_list_search_and_filters(actor_client, coordinator):
    MunicipalityFactory(name="Speyer", ags="07318000", kind=Municipality.Kind.INDEPENDENT_CITY)
    MunicipalityFactory(name="KL.digital GmbH", ags="", kind=Municipality.Kind.ORGANISATION)
    client = actor_client(coordinator)

    found = client.get("/admin/members/municipality/", {"q": "0731800"})
    assert [m.name for m in found.context["cl"].result_list] == ["Speyer"]

    organisations = client.get("/admin/members/municipality/", {"kind__exact": "organisation"})
    assert [m.name for m in organisations.context["cl"].result_list] == ["KL.digital GmbH"]


# --- users: invitation and privilege escalation -------------------------------


def invite_form(**overrides) -> dict:
    data = {
        "email": "Neu@Speyer.example",
        "first_name": "Nora",
        "last_name": "Neu",
        "role": roles.MUNICIPAL_STAFF,
        "municipality": "",
        "position": "Digitalisierungsbeauftragte",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_invite_refuses_an_existing_address_in_other_case(actor_client, coordinator, speyer):
    StaffFactory(email="nora@speyer.example", municipality=speyer)
    response = actor_client(coordinator).post(
        "/admin/members/user/add/",
        invite_form(email="NORA@speyer.example", municipality=speyer.pk),
    )
    assert form_errors(response)["email"] == [
        "Es gibt bereits ein Benutzerkonto mit dieser E-Mail-Adresse."
    ]


@pytest.mark.parametrize(
    ("role", "needs_municipality", "message"),
    [
        (roles.MUNICIPAL_STAFF, False, "Mitarbeitende einer Kommune brauchen eine Kommune."),
        (roles.MINISTRY, True, "Koordination und Ministerium gehören zu keiner Kommune."),
    ],
)
def test_invite_checks_role_and_municipality(
    actor_client, coordinator, speyer, role, needs_municipality, message
):
    data = invite_form(role=role, municipality=speyer.pk if needs_municipality else "")
    response = actor_client(coordinator).post("/admin/members/user/add/", data)
    assert form_errors(response)["municipality"] == [message]
    assert not User.objects.filter(email__iexact="neu@speyer.example").exists()


def test_change_form_refuses_an_address_taken_in_other_case(actor_client, coordinator, speyer):
    StaffFactory(email="taken@speyer.example", municipality=speyer)
    other = StaffFactory(email="other@speyer.example", municipality=speyer)
    client = actor_client(coordinator)
    url = f"/admin/members/user/{other.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        email="Taken@Speyer.example",
        municipality=speyer.pk,
        groups=[g.pk for g in other.groups.all()],
        date_joined_0="01.01.2024",
        date_joined_1="10:00:00",
    )
    data.pop("password", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)

    errors = form_errors(client.post(url, data))

    assert errors["email"] == ["Es gibt bereits ein Benutzerkonto mit dieser E-Mail-Adresse."]


def test_coordinator_cannot_make_anyone_superuser(actor_client, coordinator, speyer_staff):
    client = actor_client(coordinator)
    url = f"/admin/members/user/{speyer_staff.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_coordinator_cannot_change_a_superuser(actor_client, coordinator):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client = actor_client(coordinator)
    assert client.get(f"/admin/members/user/{root.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/members/user/{root.pk}/password/",
        {"password1": "ein-neues-passwort-1", "password2": "ein-neues-passwort-1"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password("ein-neues-passwort-1")


def test_superuser_sees_the_advanced_fields(actor_client, speyer_staff):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    form = (
        actor_client(root)
        .get(f"/admin/members/user/{speyer_staff.pk}/change/")
        .context["adminform"]
        .form
    )
    assert "is_superuser" in form.fields


def test_role_groups_are_not_editable_by_coordinators(coordinator):
    assert not coordinator.has_perm("auth.change_group")
    assert Group.objects.filter(name__in=roles.ROLE_NAMES).count() == 3


# --- API tokens ---------------------------------------------------------------


def test_revoke_action_revokes_only_the_selected_tokens(actor_client, coordinator, ministry):
    chosen, _raw = ApiToken.issue(user=ministry, days=30)
    kept, _raw = ApiToken.issue(user=ministry, days=30)
    response = actor_client(coordinator).post(
        "/admin/members/apitoken/",
        {"action": "revoke", "_selected_action": [chosen.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 Token(s) widerrufen." in response.content.decode()
    chosen.refresh_from_db()
    kept.refresh_from_db()
    assert chosen.revoked_at is not None
    assert kept.revoked_at is None


def test_a_revoked_token_cannot_be_revived_in_the_admin(actor_client, coordinator, ministry):
    token, _raw = ApiToken.issue(user=ministry, days=30)
    revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=revoked_at)
    url = f"/admin/members/apitoken/{token.pk}/change/"
    client = actor_client(coordinator)
    form = client.get(url).context["adminform"].form
    assert "revoked_at" not in form.fields
    assert "key_hash" not in form.fields


def test_tokens_are_not_added_in_the_admin(actor_client, coordinator):
    assert actor_client(coordinator).get("/admin/members/apitoken/add/").status_code == 403


def test_history_is_read_only_for_coordinators(
    actor_client, coordinator, speyer, django_capture_on_commit_callbacks
):
    client = actor_client(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/members/user/add/",
            {"email": "neu@speyer.example", "first_name": "", "last_name": "",
             "role": roles.MUNICIPAL_STAFF, "municipality": speyer.pk, "position": "",
             "phone": ""},
        )  # fmt: skip
    entry = AuditEntry.objects.get(action="invited")
    assert entry.actor == coordinator
    assert entry.changes == {"role": roles.MUNICIPAL_STAFF}
    assert client.get("/admin/members/auditentry/").status_code == 200
    assert client.get(f"/admin/members/auditentry/{entry.pk}/change/").status_code == 200
    response = client.post(f"/admin/members/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

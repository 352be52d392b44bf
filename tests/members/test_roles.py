"""The three role groups exist after migrate and hold exactly the declared permissions."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from members import roles
from members.roles import declared_permissions, sync_role_groups
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def granted(role: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=role)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_migrate_creates_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Kommune",
        "Koordination",
        "Ministerium",
    }


@pytest.mark.parametrize("role", roles.ROLE_NAMES)
def test_each_group_holds_exactly_the_declared_permissions(role):
    declared = declared_permissions(apps.get_app_configs())[role]
    assert declared, "every role declares at least one permission"
    assert granted(role) == declared


def test_members_permissions_per_role():
    assert ("members", "change_municipality") in granted("Koordination")
    assert ("members", "add_user") in granted("Koordination")
    assert ("members", "change_apitoken") in granted("Koordination")
    assert granted("Ministerium") >= {("members", "view_municipality")}
    assert ("members", "change_municipality") not in granted("Ministerium")
    assert ("members", "change_municipality") not in granted("Kommune")
    assert ("members", "view_user") not in granted("Kommune")


def test_sync_removes_permissions_nobody_declared():
    stray = Group.objects.get(name="Kommune")
    stray.permissions.add(Permission.objects.get(codename="delete_municipality"))
    sync_role_groups(Group, Permission, apps.get_app_configs())
    assert ("members", "delete_municipality") not in granted("Kommune")


def test_role_properties(speyer_staff, coordinator, ministry):
    assert speyer_staff.is_municipal_staff
    assert not speyer_staff.is_coordinator and not speyer_staff.is_ministry
    assert coordinator.is_coordinator and coordinator.is_staff
    assert ministry.is_ministry and not ministry.is_coordinator
    assert speyer_staff.has_perm("members.view_municipality")
    assert not speyer_staff.has_perm("members.change_municipality")
    assert coordinator.has_perm("members.change_municipality")


def test_staff_role_without_municipality_is_not_municipal_staff():
    user = UserFactory(role="Kommune")
    assert not user.is_municipal_staff

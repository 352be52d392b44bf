from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from members.roles import ROLE_NAMES, sync_role_groups


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after migrate; create members' now so
    # the groups hold them from this migration on. Later apps' permissions are
    # added by the post_migrate sync (members.apps).
    create_permissions(global_apps.get_app_config("members"), verbosity=0, apps=apps)
    sync_role_groups(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        [global_apps.get_app_config("members")],
    )


def delete_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]

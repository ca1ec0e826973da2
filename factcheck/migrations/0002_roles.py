"""The two newsroom roles as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editors": [
        ("article", "view_article"),
        ("article", "add_article"),
        ("article", "change_article"),
        ("article", "run_extraction"),
        ("claim", "view_claim"),
        ("claim", "dismiss_claim"),
        ("review", "view_review"),
        ("source", "view_source"),
    ],
    "Reviewers": [
        ("article", "view_article"),
        ("claim", "view_claim"),
        ("claim", "review_claim"),
        ("claim", "dismiss_claim"),
        ("review", "view_review"),
        ("source", "view_source"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="factcheck", content_type__model=model, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

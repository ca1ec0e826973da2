"""Editors assign claims to reviewers (reviewers take unassigned claims through review_claim)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)  # assign_claim is new in 0003
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="factcheck", content_type__model="claim", codename="assign_claim"
    )
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*editors.permissions.filter(codename="assign_claim"))


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_claim_search_index")]

    operations = [migrations.RunPython(grant, revoke)]

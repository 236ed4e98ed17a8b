"""The three templates every feed fixture's questions come from (docs/engine.md §7); the
Editors group may switch them off and read the questions made from them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from predictions.livegame import DEFAULT_TEMPLATES as TEMPLATES

EDITOR_PERMISSIONS = ["view_predictiontemplate", "change_predictiontemplate", "view_liveprediction"]


def add_templates(apps, schema_editor):
    template = apps.get_model("predictions", "PredictionTemplate")
    for fields in TEMPLATES:
        template.objects.get_or_create(key=fields["key"], defaults=fields)


def remove_templates(apps, schema_editor):
    apps.get_model("predictions", "PredictionTemplate").objects.filter(key__in=[t["key"] for t in TEMPLATES]).delete()


def let_editors_switch_templates(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("predictions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="predictions", codename__in=EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0004_live_predictions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [
        migrations.RunPython(add_templates, remove_templates),
        migrations.RunPython(let_editors_switch_templates, migrations.RunPython.noop),
    ]

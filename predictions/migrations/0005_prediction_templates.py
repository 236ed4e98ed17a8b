"""The three templates every feed fixture's questions come from (docs/engine.md §7); the
Editors group may switch them off and read the questions made from them."""

from django.db import migrations

from predictions.livegame import DEFAULT_TEMPLATES as TEMPLATES
from rally.editors import grant_editors

EDITOR_PERMISSIONS = ["view_predictiontemplate", "change_predictiontemplate", "view_liveprediction"]


def add_templates(apps, schema_editor):
    template = apps.get_model("predictions", "PredictionTemplate")
    for fields in TEMPLATES:
        template.objects.get_or_create(key=fields["key"], defaults=fields)


def remove_templates(apps, schema_editor):
    apps.get_model("predictions", "PredictionTemplate").objects.filter(
        key__in=[t["key"] for t in TEMPLATES]
    ).delete()


def let_editors_switch_templates(apps, schema_editor):
    grant_editors(apps, "predictions", EDITOR_PERMISSIONS)


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

"""The three prompts with their default texts (version 1), and the Editors group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from showrunner.modes import MODES

EDITOR_PERMISSIONS = ["view_prompt", "change_prompt", "view_script", "view_scheduleitem"]


def add_prompts(apps, schema_editor):
    Prompt = apps.get_model("showrunner", "Prompt")
    for mode in MODES.values():
        prompt, created = Prompt.objects.get_or_create(
            mode=mode.key, defaults={"key": mode.prompt_key, "text": mode.default_prompt}
        )
        if created:
            prompt.versions.create(number=1, text=mode.default_prompt, note="default")


def add_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("showrunner")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label="showrunner", codename__in=EDITOR_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("showrunner", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_prompts, migrations.RunPython.noop),
        migrations.RunPython(add_editors, migrations.RunPython.noop),
    ]

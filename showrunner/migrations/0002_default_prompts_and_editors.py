"""The three prompts with their default texts (version 1), and the Editors group."""

from django.db import migrations

from rally.editors import grant_editors
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
    grant_editors(apps, "showrunner", EDITOR_PERMISSIONS)


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

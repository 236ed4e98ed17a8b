"""Question templates join the Prompt Studio: each live-game template's wording becomes a
versioned text (version 1: the wording it has, in production), edited by Editors like a prompt."""

from django.db import migrations

from rally.editors import grant_editors
from showrunner.modes import question_key


def question_texts(apps, schema_editor):
    Prompt = apps.get_model("showrunner", "Prompt")
    for template in apps.get_model("predictions", "PredictionTemplate").objects.all():
        prompt, created = Prompt.objects.get_or_create(
            question_template=template,
            defaults={"key": question_key(template.key), "text": template.question},
        )
        if created:
            version = prompt.versions.create(
                number=1, text=template.question, note="the wording so far"
            )
            prompt.production = version
            prompt.save(update_fields=["production"])


def remove_question_texts(apps, schema_editor):
    apps.get_model("showrunner", "Prompt").objects.exclude(question_template=None).delete()


def let_editors_word_questions(apps, schema_editor):
    grant_editors(apps, "showrunner", ["view_questionprompt", "change_questionprompt"])


class Migration(migrations.Migration):
    dependencies = [("showrunner", "0007_question_templates_concurrency_and_script_facts")]

    operations = [
        migrations.RunPython(question_texts, remove_question_texts),
        migrations.RunPython(let_editors_word_questions, migrations.RunPython.noop),
    ]

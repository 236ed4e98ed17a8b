"""Question templates join the Prompt Studio: each live-game template's wording becomes a
versioned text (version 1: the wording it has, in production), edited by Editors like a prompt.
Drafts can be discarded (kept in the history); scripts keep the facts their prompt was filled with."""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models

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
    dependencies = [
        ("predictions", "0009_question_templates_in_the_template_language"),
        ("showrunner", "0006_prompt_fan_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionPrompt",
            fields=[],
            options={
                "verbose_name": "question template",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("showrunner.prompt",),
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("every", django.db.models.manager.Manager()),
            ],
        ),
        migrations.AlterModelOptions(
            name="prompt",
            options={
                "base_manager_name": "every",
                "default_manager_name": "objects",
                "ordering": ["id"],
            },
        ),
        migrations.AlterModelManagers(
            name="prompt",
            managers=[
                ("every", django.db.models.manager.Manager()),
                ("objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.AddField(
            model_name="prompt",
            name="question_template",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                help_text="the live-game question template this text words",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="studio_text",
                to="predictions.predictiontemplate",
            ),
        ),
        migrations.AddField(
            model_name="promptversion",
            name="discarded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="promptversion",
            name="discarded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="script",
            name="facts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="prompt",
            name="mode",
            field=models.CharField(
                blank=True,
                choices=[
                    ("PRE_MATCH", "PRE-MATCH"),
                    ("LIVE", "LIVE"),
                    ("POST_MATCH", "POST-MATCH"),
                ],
                editable=False,
                max_length=20,
                null=True,
                unique=True,
            ),
        ),
        migrations.RunPython(question_texts, remove_question_texts),
        migrations.RunPython(let_editors_word_questions, migrations.RunPython.noop),
    ]

"""A Studio text may word a live-game question template (`question_template`; its rows: 0008).
Drafts can be discarded (kept in the history); scripts keep the facts their prompt was filled with.
Schema only: PostgreSQL builds the new foreign keys' indexes at the end of the migration, which
it refuses to do on a table this transaction has written rows to."""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


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
    ]

"""Presence and Roster move from predictions to the relay, keeping their tables.

State only: the tables were created by predictions 0002 and keep their names (db_table), so an
existing database keeps every row. predictions 0003 removes the two models from its own state.
The content types are renamed in place, so permissions that point at them survive.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("presence", "roster")


def content_types_to_relay(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="relay", model=model).exists():
            ContentType.objects.filter(app_label="predictions", model=model).update(
                app_label="relay"
            )


def content_types_to_predictions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="predictions", model=model).exists():
            ContentType.objects.filter(app_label="relay", model=model).update(
                app_label="predictions"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("matches", "0001_initial"),
        ("predictions", "0002_presence_roster_pick"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Roster",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.BigIntegerField(default=0)),
                        (
                            "fixture",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roster",
                                to="matches.fixture",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "predictions_roster",
                    },
                ),
                migrations.CreateModel(
                    name="Presence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("channel_name", models.CharField(max_length=255, unique=True)),
                        (
                            "name",
                            models.CharField(
                                blank=True,
                                help_text="as the room sees it",
                                max_length=40,
                                null=True,
                            ),
                        ),
                        (
                            "key",
                            models.CharField(
                                blank=True,
                                help_text="NFKC + casefold of the name",
                                max_length=100,
                                null=True,
                            ),
                        ),
                        ("node", models.CharField(max_length=100)),
                        ("heartbeat", models.DateTimeField(db_index=True)),
                        (
                            "fixture",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="presences",
                                to="matches.fixture",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "predictions_presence",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("fixture", "key"), name="unique_nickname_per_fixture"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_relay, content_types_to_predictions),
    ]

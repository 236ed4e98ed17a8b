"""Player (the nickname's owner and lock) moves from predictions to the relay, keeping its table.

State only: the table was created by predictions 0006 and keeps its name (db_table), so an
existing database keeps every row. predictions 0008 points picks at relay.Player and removes
the model from its own state. The content type is renamed in place, so permissions survive.
"""

import django.db.models.deletion
from django.db import migrations, models


def content_type_to(app_label, other):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=app_label, model="player").exists():
            ContentType.objects.filter(app_label=other, model="player").update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("matches", "0001_initial"),
        ("predictions", "0007_pick_tallies"),
        ("relay", "0003_node_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Player",
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
                        (
                            "key",
                            models.CharField(
                                help_text="UTS #39 skeleton of the NFKC-casefolded name (relay/nicknames.py)",
                                max_length=200,
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="the owner's spelling, as the room sees it", max_length=40
                            ),
                        ),
                        (
                            "token_hash",
                            models.CharField(
                                blank=True,
                                help_text="SHA-256 hex of the owner's token",
                                max_length=64,
                                null=True,
                            ),
                        ),
                        (
                            "released_at",
                            models.DateTimeField(
                                blank=True,
                                db_index=True,
                                help_text="when its last socket left; null while one plays as it",
                                null=True,
                            ),
                        ),
                        (
                            "fixture",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="players",
                                to="matches.fixture",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "predictions_player",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("fixture", "key"), name="one_owner_per_nickname"
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="presence",
                    name="player",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="relay.player",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            content_type_to("relay", "predictions"), content_type_to("predictions", "relay")
        ),
    ]

"""Picks belong to a player (the nickname's owner), no longer to a spelling.

Existing picks are moved onto players made from their names: every spelling with one key
(`Victim`, `victim`, `Viсtim` with a Cyrillic с) becomes one player, shown as its earliest
spelling, and that player's latest pick on each prediction stands. Those players have no
token: nobody can reclaim them, and their names are free to claim after the grace period
(`released_at` is the migration's time).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def picks_to_players(apps, schema_editor):
    from relay.nicknames import key_of  # the key as the relay computes it today

    Player = apps.get_model("predictions", "Player")
    Pick = apps.get_model("predictions", "Pick")
    now = timezone.now()
    players, standing = {}, {}
    for pick in Pick.objects.order_by("at", "id"):
        owner_key = (pick.fixture_id, key_of(pick.name))
        if owner_key not in players:
            players[owner_key] = Player.objects.create(
                fixture_id=pick.fixture_id, key=owner_key[1], name=pick.name, released_at=now
            )
        player = players[owner_key]
        pick_key = (player.id, pick.loop, pick.prediction)
        if (
            pick_key in standing
        ):  # an earlier spelling's pick on the same question: the later stands
            Pick.objects.filter(id=standing[pick_key]).delete()
        standing[pick_key] = pick.id
        Pick.objects.filter(id=pick.id).update(player=player, name=player.name)


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0001_initial"),
        ("predictions", "0005_prediction_templates"),
    ]

    operations = [
        migrations.CreateModel(
            name="Player",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fixture", "key"), name="one_owner_per_nickname"
                    )
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="pick", name="one_standing_pick"),
        migrations.AddField(
            model_name="pick",
            name="player",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="picks",
                to="predictions.player",
            ),
        ),
        migrations.RunPython(picks_to_players, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pick",
            name="player",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="picks",
                to="predictions.player",
            ),
        ),
        migrations.AddConstraint(
            model_name="pick",
            constraint=models.UniqueConstraint(
                fields=("player", "loop", "prediction"), name="one_standing_pick_per_player"
            ),
        ),
    ]
